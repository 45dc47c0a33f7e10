import type { Choice, Reply } from '../core/types.ts';
import type { Intent, TaskMatch } from '../engine/types.ts';
import type { Deadline, Plan, Target, Task } from '../plan/model.ts';

/** What the web page renders as an answer card: the whole task, with the parts that answered marked. */
export interface WebCard {
  /** The key of the task's plan when plans are loaded side by side (issue 10). */
  plan?: string;
  id: string;
  title: string;
  section: string;
  /** The asked agency's part in this task, for agency questions. */
  role: 'lead' | 'partner' | null;
  leads: string[];
  partners: string[];
  deadlines: Array<Deadline & { matched: boolean }>;
  targets: Array<Pick<Target, 'raw' | 'text'> & { matched: boolean }>;
  /** The clauses that answered, quoted on the card. */
  quotes: string[];
}

/** POST /api/chat: the chat reply plus what the page needs to draw cards and chips. */
export interface WebReply {
  chat: string;
  /** null when a command (subscriptions, rate limit) answered rather than the engine. */
  intent: Intent | null;
  agency: string | null;
  text: string;
  choices: Choice[];
  highlights: string[];
  cards: WebCard[];
}

const sameDeadline = (a: Deadline, b: Deadline): boolean => a.date === b.date && a.text === b.text;

function cardOf(match: TaskMatch): WebCard {
  const { task } = match;
  return {
    ...(task.plan ? { plan: task.plan } : {}),
    id: task.id,
    title: task.title,
    section: task.section,
    role: match.role ?? null,
    leads: task.leads,
    partners: task.partners,
    deadlines: task.deadlines.map((d) => ({
      ...d,
      matched: match.deadlines.some((m) => sameDeadline(m, d)),
    })),
    targets: task.targets.map((t) => ({
      raw: t.raw,
      text: t.text,
      matched: match.targets.some((m) => m.raw === t.raw && m.text === t.text),
    })),
    quotes: match.sentences,
  };
}

/** Cards for a reply the engine did not write (a subscription confirmation): its cited tasks. */
function citedCards(reply: Reply, plan: Plan): WebCard[] {
  const byId = new Map<string, Task>(plan.tasks.map((t) => [t.id, t]));
  return reply.citations.flatMap((c) => {
    const task = byId.get(c.taskId);
    // A citation of another plan's task is not this plan's task of the same id.
    if (c.plan && task?.plan && c.plan !== task.plan) return [];
    return task ? [cardOf({ task, sentences: [], deadlines: [], targets: [] })] : [];
  });
}

export function toWebReply(reply: Reply, chat: string, plan: Plan): WebReply {
  const { answer } = reply;
  return {
    chat,
    intent: answer?.intent ?? null,
    agency: answer?.agency ?? null,
    text: reply.text,
    choices: reply.choices,
    highlights: answer?.highlights ?? [],
    cards: answer ? answer.matches.map(cardOf) : citedCards(reply, plan),
  };
}
