import type { Answer } from '../engine/types.ts';
import type { Task } from '../plan/model.ts';
import type { Citation, Reply } from './types.ts';

/** At most this many suggestions become buttons; platforms cut further where they must. */
const MAX_CHOICES = 6;

export function answerToReply(answer: Answer): Reply {
  return {
    text: answer.text,
    choices: answer.suggestions.slice(0, MAX_CHOICES).map((s) => ({ label: s.label, text: s.text })),
    citations: answer.matches.map(({ task }) => citationOf(task)),
    answer,
  };
}

/** A task as a reply cites it, with its plan's key when it has one. */
export const citationOf = (task: Task): Citation => ({
  taskId: task.id,
  title: task.title,
  ...(task.plan ? { plan: task.plan } : {}),
});
