import type { Config } from '../config.ts';
import { addDays, zonedInstant } from '../core/plan-time.ts';

/** When reminders go out: REMIND_DAYS before a deadline, at REMIND_AT, on PLAN_TZ's clock. */
export interface ReminderPolicy {
  /** Days before the deadline, largest first (the config sorts them). */
  days: number[];
  at: string;
  timeZone: string;
}

export const policyFromConfig = (
  config: Pick<Config, 'REMIND_DAYS' | 'REMIND_AT' | 'PLAN_TZ'>,
): ReminderPolicy => ({
  days: [...config.REMIND_DAYS].sort((a, b) => b - a),
  at: config.REMIND_AT,
  timeZone: config.PLAN_TZ,
});

/** A deadline is "by the end of" its date: it passes at the next local midnight. */
export function deadlinePasses(date: string, timeZone: string): Date {
  return zonedInstant(addDays(date, 1), '00:00', timeZone);
}

/** The moment the window `days` before `date` opens. */
export function windowOpens(date: string, days: number, policy: ReminderPolicy): Date {
  return zonedInstant(addDays(date, -days), policy.at, policy.timeZone);
}

/**
 * The window a reminder for `date` belongs to at `now`: the latest one already open, or null when
 * none is open yet or the deadline has passed. Taking only the latest is what turns several missed
 * windows (a late subscription, a server that was down) into one reminder instead of a burst.
 */
export function currentWindow(date: string, now: Date, policy: ReminderPolicy): number | null {
  if (now.getTime() >= deadlinePasses(date, policy.timeZone).getTime()) return null;
  let current: number | null = null;
  for (const days of policy.days) {
    if (windowOpens(date, days, policy).getTime() <= now.getTime()) {
      if (current === null || days < current) current = days;
    }
  }
  return current;
}

/** A deadline's reminder windows as they stand at one moment; computed once per tick per deadline. */
export interface OpenWindows {
  /** The latest open window (days before). */
  current: number;
  /** When `current` opened (epoch ms). */
  currentOpens: number;
  /** The next window to open, and when (epoch ms); null after the last one. */
  next: { days: number; opens: number } | null;
  /** The shortest gap between two of this deadline's windows (min REMIND_DAYS gap, in ms). */
  gapMs: number;
}

/** The windows of a deadline on `date` at `now`; null when none is open (see currentWindow). */
export function openWindows(date: string, now: Date, policy: ReminderPolicy): OpenWindows | null {
  const current = currentWindow(date, now, policy);
  if (current === null) return null;
  const opens = policy.days.map((d) => windowOpens(date, d, policy).getTime());
  const at = (days: number) => opens[policy.days.indexOf(days)] ?? 0;
  // policy.days is largest first: the next window to open is the first one smaller than current.
  const next = policy.days.find((d) => d < current);
  return {
    current,
    currentOpens: at(current),
    next: next === undefined ? null : { days: next, opens: at(next) },
    gapMs: Math.min(...opens.slice(1).map((t, i) => t - (opens[i] ?? t))),
  };
}

/**
 * Which reminder of a deadline is due for a subscriber who has followed it since `followedSince`
 * (epoch ms), as a window (days before), with the windows whose sent mark makes it unneeded.
 *
 * Normally that is the latest open window (several missed windows become one reminder), unless it
 * was reminded already. A subscriber who came after that window opened gets a catch-up; one that
 * comes less than the shortest gap between two of this deadline's windows (min REMIND_DAYS gap)
 * before the next window counts for the next window, so it is not followed by that window's
 * reminder moments later, and is not needed if either window was reminded. Hence one reminder per
 * deadline per window, never two within that gap: on-time windows are at least the gap apart, and
 * the window is judged by when it became due, never by when a tick got to it (a long burst, a
 * platform paused by 429s, a restart after downtime keep their window).
 */
export function dueWindow(
  windows: OpenWindows,
  followedSince: number,
): { window: number; unlessSent: number[] } {
  const { current, currentOpens, next, gapMs } = windows;
  const dueSince = Math.max(currentOpens, followedSince);
  return next && next.opens - dueSince < gapMs
    ? { window: next.days, unlessSent: [current, next.days] }
    : { window: current, unlessSent: [current] };
}
