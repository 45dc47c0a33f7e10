import type { Answer } from '../engine/types.ts';
import type { Reply } from './types.ts';

/** At most this many suggestions become buttons; platforms cut further where they must. */
const MAX_CHOICES = 6;

export function answerToReply(answer: Answer): Reply {
  return {
    text: answer.text,
    choices: answer.suggestions.slice(0, MAX_CHOICES).map((s) => ({ label: s.label, text: s.text })),
    citations: answer.matches.map((m) => ({ taskId: m.task.id, title: m.task.title })),
    answer,
  };
}
