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
