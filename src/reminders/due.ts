import type { Subscription } from '../store/types.ts';
import { milestonesFor, type Milestone, type Plans } from './milestones.ts';
import { dueWindow, type OpenWindows } from './policy.ts';

/** One reminder that may go out now: its milestone, its sent-mark key, and the keys that make it unneeded. */
export interface DueReminder {
  milestone: Milestone;
  /** "<conversation>|<milestone id>|<window>d": the store's sent mark for this reminder. */
  key: string;
  /** Sent marks any of which means this reminder is not needed (its own key among them). */
  unlessSent: string[];
}

export const reminderKey = (conversationId: string, milestoneId: string, window: number): string =>
  `${conversationId}|${milestoneId}|${window}d`;

/** A milestone with a window open now, and those windows (computed once per tick: openWindows). */
export interface OpenMilestone {
  milestone: Milestone;
  windows: OpenWindows;
}

/**
 * The reminders due for one conversation, in `open`'s order, before sent marks are looked at. A
 * milestone followed through several subscriptions is judged from the earliest of them.
 */
export function dueReminders(
  plan: Plans,
  open: OpenMilestone[],
  subscriptions: Subscription[],
): DueReminder[] {
  const milestones = open.map((o) => o.milestone);
  const since = new Map<Milestone, number>();
  for (const s of subscriptions) {
    // An unreadable date is read as "long ago": such a subscriber gets every window on time.
    const created = Date.parse(s.createdAt);
    const t = Number.isNaN(created) ? 0 : created;
    for (const m of milestonesFor(plan, milestones, [s.target])) since.set(m, Math.min(since.get(m) ?? t, t));
  }
  const conversationId = subscriptions[0]?.conversationId ?? '';
  return open.flatMap(({ milestone, windows }) => {
    const followedSince = since.get(milestone);
    if (followedSince === undefined) return [];
    const due = dueWindow(windows, followedSince);
    return [
      {
        milestone,
        key: reminderKey(conversationId, milestone.id, due.window),
        unlessSent: due.unlessSent.map((w) => reminderKey(conversationId, milestone.id, w)),
      },
    ];
  });
}
