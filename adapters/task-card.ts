import type { TaskMatch } from '../src/engine/types.ts';
import { responsibility } from '../src/engine/format.ts';
import { MESSAGES } from '../src/messages.ts';

/** A task as a card: Telegram inline results and LINE Flex bubbles are drawn from this. */
export interface TaskCard {
  taskId: string;
  title: string;
  /** Short lines: who leads (or that no lead is set), the deadlines, the agency's role. */
  lines: string[];
}

const MAX_DEADLINES = 3;

export function taskCard(match: TaskMatch): TaskCard {
  const { task } = match;
  const lines: string[] = [];
  if (match.role) lines.push(match.role === 'lead' ? MESSAGES.cardRoleLead : MESSAGES.cardRolePartner);
  // The engine's own wording, so a card never says more (or less) about leads than the answer.
  lines.push(responsibility(task));
  // The deadlines the question matched come first; otherwise the task's own.
  const deadlines = match.deadlines.length > 0 ? match.deadlines : task.deadlines;
  for (const d of deadlines.slice(0, MAX_DEADLINES)) lines.push(MESSAGES.cardDeadline(d.label, d.text));
  return { taskId: task.id, title: task.title, lines };
}
