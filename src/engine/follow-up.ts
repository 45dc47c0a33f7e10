import type { Asked, Query } from './query.ts';
import type { Reading } from './understand.ts';
import type { ConversationContext } from './types.ts';

/** Asks answered by the set of tasks that pass the filters. */
const ABOUT_A_SET: ReadonlySet<Asked> = new Set(['tasks', 'count', 'overview']);

/** Asks that are about one task and take the previous one when the question names none. */
const ABOUT_A_TASK: ReadonlySet<Asked> = new Set([
  'leads',
  'partners',
  'when',
  'figure',
  'describe',
  'check',
]);

/**
 * Follow-ups, as rules:
 * - a question with its own subject (a task, an agency, a period, a section…) never takes the
 *   previous task;
 * - "其中…" narrows the previous answer's tasks;
 * - "那X呢" swaps one slot of the previous question and keeps the others, the period included;
 * - an ask about a task with no task named ("配合单位有哪些", "那它什么时候截止") is about the
 *   previous task.
 */
export function followUp(
  query: Query,
  reading: Reading,
  context: ConversationContext,
  ownAsk: boolean,
  topicFound: boolean,
  namesTarget: boolean,
): void {
  const last = context.lastQuery;
  const ownSubject = query.subject !== null || query.filters.length > 0;

  if (reading.modifiers.narrow && context.lastTaskIds.length > 0 && !query.subject) {
    // The previous question's filters stay, so a later "那X呢" swaps one of them and keeps the rest.
    const kinds = new Set(query.filters.map((f) => f.kind));
    const kept = (last?.filters ?? []).filter((f) => !kinds.has(f.kind));
    // "其中它牵头的呢": a role said alone sets the previous agency's role.
    const role = reading.roleSaid;
    query.filters = [
      ...kept.map((f) => (f.kind === 'agency' && role && !f.negate ? { ...f, role } : f)),
      ...query.filters,
    ];
    // The previous answer's tasks, where they were a set the filters picked (not a ranking's top).
    if (last && ABOUT_A_SET.has(last.asked)) {
      query.filters.push({ kind: 'among', taskIds: context.lastTaskIds, negate: false });
    }
    if (!ownAsk && last && ABOUT_A_SET.has(last.asked)) query.asked = last.asked;
    else if (!ownAsk || query.asked === 'describe') query.asked = 'tasks';
    query.cue = `${query.cue}+narrow`;
    return;
  }

  // "那配合的呢" after "X牵头哪些": the role is the slot swapped.
  const lastAgency = last?.filters.find((f) => f.kind === 'agency' && !f.negate);
  if (reading.modifiers.ellipsis && !ownAsk && last && !ownSubject && reading.roleSaid && lastAgency) {
    const role = reading.roleSaid;
    query.asked = last.asked;
    query.filters = last.filters.map((f) => (f === lastAgency ? { ...f, role } : f));
    query.cue = `${query.cue}+swap`;
    return;
  }

  if (reading.modifiers.ellipsis && !ownAsk && last && ownSubject) {
    const kinds = new Set(query.filters.map((f) => f.kind));
    const swapsFilter = last.filters.some((f) => kinds.has(f.kind));
    const swapsSubject = query.subject !== null && last.subjectIds.length > 0;
    if (swapsFilter || swapsSubject) {
      // "带动就业呢" after a task's figure or lead: words that name a target ask for its figure.
      query.asked = swapsSubject && namesTarget ? 'figure' : last.asked;
      if (last.counted) query.counted = last.counted;
      if (last.date) query.date = last.date;
      query.filters = [
        ...last.filters.filter((f) => !kinds.has(f.kind) && f.kind !== 'among'),
        ...query.filters,
      ];
      if (!query.subject && last.subjectIds.length > 0 && !swapsFilter) {
        query.subject = { taskIds: last.subjectIds, by: 'context' };
      }
      query.cue = `${query.cue}+swap`;
      return;
    }
  }

  if (ownSubject) return;
  const refersBack =
    reading.runs.length === 0 || reading.modifiers.pronoun || (reading.modifiers.ellipsis && !topicFound);
  if (!refersBack || context.lastTaskIds.length === 0) return;
  if (ABOUT_A_TASK.has(query.asked) && (ownAsk || reading.modifiers.pronoun)) {
    // "它们的牵头单位分别是谁", "这几项什么时候到期": every task just discussed.
    const ids = reading.modifiers.plural ? context.lastTaskIds : context.lastTaskIds.slice(0, 1);
    query.subject = { taskIds: ids, by: 'context' };
    query.cue = `${query.cue}+context`;
  }
}
