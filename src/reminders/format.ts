import { citationOf } from '../core/reply.ts';
import type { Choice, Reply } from '../core/types.ts';
import { MESSAGES } from '../messages.ts';
import type { Task } from '../plan/model.ts';
import type { SubscriptionTarget } from '../store/types.ts';
import type { Milestone } from './milestones.ts';
import { daysBetween, localDate } from '../core/plan-time.ts';

/** At most this many "details" buttons; the rest of the tasks are still named in the text. */
const MAX_DETAIL_CHOICES = 5;

/** "2022-09-30" → "9月30日". */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

export function leadsLine(task: Task): string {
  return task.leads.length > 0
    ? MESSAGES.leads(task.leads.join('、'))
    : MESSAGES.noLead(task.partners.join('、'));
}

export function targetLabel(target: SubscriptionTarget, tasks: Task[]): string {
  switch (target.kind) {
    case 'all':
      return MESSAGES.targetAll;
    case 'agency':
      return MESSAGES.targetAgency(target.agency);
    case 'task': {
      const task = tasks.find((t) => t.id === target.taskId);
      return task ? MESSAGES.targetTask(task.id, task.title) : MESSAGES.targetTask(target.taskId, '');
    }
  }
}

/** The words that name a target in a command ("订阅 <this>"). */
export function targetWords(target: SubscriptionTarget): string {
  return target.kind === 'all' ? '全部' : target.kind === 'task' ? target.taskId : target.agency;
}

const detailChoices = (milestones: Milestone[]): Choice[] =>
  [...new Map(milestones.map((m) => [m.task.id, m.task])).values()]
    .slice(0, MAX_DETAIL_CHOICES)
    .map((task) => ({ label: MESSAGES.detailsChoice(task.id), text: task.id }));

/**
 * One push listing every milestone due for a subscriber at this tick, grouped by deadline date:
 * each names the deadline, the clause it governs, the task and who leads it.
 */
export function reminderReply(
  milestones: Milestone[],
  now: Date,
  timeZone: string,
  /** The name of a task's plan when it is not the default plan (issue 10), else null. */
  planName: (task: Task) => string | null = () => null,
): Reply {
  const today = localDate(now, timeZone);
  const lines: string[] = [MESSAGES.reminderHeading];
  for (const [date, group] of byDate(milestones)) {
    lines.push('', MESSAGES.reminderGroup(shortDate(date), labelsOf(group), daysBetween(today, date)));
    for (const m of group) {
      const plan = planName(m.task);
      lines.push(
        `· ${plan ? `${plan} ` : ''}${m.task.id} ${m.task.title}`,
        `  ${m.deadline.text}`,
        `  ${leadsLine(m.task)}`,
      );
    }
  }
  lines.push('', MESSAGES.reminderFooter);
  return {
    text: lines.join('\n'),
    choices: [...detailChoices(milestones), { label: MESSAGES.dueChoice, text: MESSAGES.dueChoice }],
    citations: milestones.map((m) => citationOf(m.task)),
  };
}

/** Milestones by deadline date, soonest first. */
function byDate(milestones: Milestone[]): [string, Milestone[]][] {
  const groups = new Map<string, Milestone[]>();
  for (const m of milestones) groups.set(m.deadline.date, [...(groups.get(m.deadline.date) ?? []), m]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

const labelsOf = (group: Milestone[]): string => [...new Set(group.map((m) => m.deadline.label))].join('、');

/** "9月30日 9月底前（还有7天）" */
export function milestoneWhen(m: Milestone, now: Date, timeZone: string): string {
  const left = daysBetween(localDate(now, timeZone), m.deadline.date);
  return MESSAGES.dueGroup(shortDate(m.deadline.date), m.deadline.label, left);
}

export interface DueOptions {
  /** Whether the list is narrowed to the conversation's subscriptions. */
  scope: 'all' | 'mine';
  calendarUrl: string | null;
  /** A line explaining why the list is not narrowed, shown first. */
  note?: string;
  /** How many upcoming deadlines were left out to keep the reply short: the reply says so. */
  hidden?: number;
  /** The name of a task's plan when it is not the default plan (issue 10), else null. */
  planName?: (task: Task) => string | null;
}

/** The upcoming deadlines, soonest first, for `/due`. */
export function dueReply(upcoming: Milestone[], now: Date, timeZone: string, options: DueOptions): Reply {
  const lines: string[] = options.note ? [options.note] : [];
  if (upcoming.length === 0) {
    lines.push(options.scope === 'mine' ? MESSAGES.dueNoneMine : MESSAGES.dueNoneAll);
  } else {
    lines.push(options.scope === 'mine' ? MESSAGES.dueHeadingMine : MESSAGES.dueHeadingAll);
    const today = localDate(now, timeZone);
    for (const [date, group] of byDate(upcoming)) {
      lines.push(MESSAGES.dueGroup(shortDate(date), labelsOf(group), daysBetween(today, date)));
      for (const m of group) {
        const plan = options.planName?.(m.task);
        lines.push(`· ${plan ? `${plan} ` : ''}${m.task.id} ${m.task.title}：${m.deadline.text}`);
      }
    }
  }
  if (options.hidden && options.hidden > 0) lines.push(MESSAGES.dueMore(options.hidden));
  if (options.calendarUrl) lines.push('', MESSAGES.calendarLink(options.calendarUrl));
  const more: Choice =
    options.scope === 'mine'
      ? { label: MESSAGES.mySubscriptionsChoice, text: MESSAGES.mySubscriptionsChoice }
      : { label: MESSAGES.subscribeAllChoice, text: MESSAGES.subscribeAllChoice };
  return {
    text: lines.join('\n'),
    choices: [...detailChoices(upcoming), more],
    citations: upcoming.map((m) => citationOf(m.task)),
  };
}
