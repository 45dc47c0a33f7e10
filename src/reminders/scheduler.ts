import type { Clock } from '../core/clock.ts';
import type { PushTarget } from '../core/types.ts';
import { AppError, PlatformError, describeError } from '../errors.ts';
import { hashId, type Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import type { Plan } from '../plan/model.ts';
import type { Store, Subscription } from '../store/types.ts';
import { reminderReply } from './format.ts';
import { allMilestones, milestonesFor, type Milestone } from './milestones.ts';
import { singlePlanSet, type PlanSet } from '../plan/plan-set.ts';
import { currentWindow, type ReminderPolicy } from './policy.ts';
import { uuidFromKey } from '../core/name-uuid.ts';

export interface SchedulerDeps {
  store: Store;
  plan: Plan;
  /** Every loaded plan (issue 10): reminders come from each; without it, `plan` alone. */
  plans?: PlanSet;
  /** One per platform that can push; conversations of other platforms are not reminded. */
  pushTargets: PushTarget[];
  /** The plan's clock (PLAN_NOW-shifted in a demo): windows are judged on it. */
  clock: Clock;
  policy: ReminderPolicy;
  logger: Logger;
  /** REMINDER_TICK_MS. */
  tickMs: number;
  /**
   * How long a claim holds when its holder never finishes (a crash mid-send). Must exceed the
   * longest push; a reminder whose sender died goes out this much later, never not at all.
   */
  claimTtlMs?: number;
}

export interface TickResult {
  /** Messages delivered (one may list several milestones). */
  sent: number;
  /** Messages that failed transiently; their claims were released for a later tick. */
  retrying: number;
  /** Conversations disabled after a permanent failure. */
  disabled: number;
  /** False when the store could not be read; nothing was sent and the next tick tries again. */
  storeAvailable: boolean;
}

interface Due {
  milestone: Milestone;
  window: number;
  key: string;
}

export const DEFAULT_CLAIM_TTL_MS = 10 * 60_000;

/**
 * Sends each (subscriber, milestone, window) reminder once. The rule, for any number of instances
 * and restarts:
 * - A reminder is claimed atomically in the store (SET NX with a TTL) before its push; only the
 *   claim's holder pushes. Two instances on one Redis cannot both hold it. A per-conversation lock
 *   (a claim too) makes one instance gather all of a conversation's due milestones into one message.
 * - Delivered → marked sent for good. Transient failure (429, 5xx, network) → claim released, so
 *   the next tick retries. Permanent failure (blocked, chat gone) → subscriber disabled, claim
 *   released, so re-subscribing before the deadline still brings the reminder.
 * - A process that dies holding a claim delays that reminder by at most the claim TTL; then any
 *   instance claims it again. A process that dies after the platform accepted the push but before
 *   the sent mark was written would push again: the retry carries the same retry key, which LINE
 *   de-duplicates; elsewhere this one store write is the only window for a duplicate.
 * - A sent mark that could not be written (store down) is kept in memory and written before the next
 *   tick does anything else, so a live process never pushes a delivered reminder twice.
 */
export class ReminderScheduler {
  /** The plans whose milestones are reminded; a reload of the catalogue shows at the next tick. */
  private readonly plans: PlanSet;
  private readonly targets: Map<string, PushTarget>;
  private readonly unsavedSentMarks = new Set<string>();
  /** A platform that answered 429 with retry_after is left alone until then (plan-clock ms). */
  private readonly pausedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {
    this.plans = deps.plans ?? singlePlanSet(deps.plan);
    this.targets = new Map(deps.pushTargets.map((t) => [t.platform, t]));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for a tick in progress to finish its pushes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: every reminder due now that has not been sent. Never throws for a store outage. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { sent: 0, retrying: 0, disabled: 0, storeAvailable: true };
    const now = this.deps.clock.now();
    const open = allMilestones(this.plans).flatMap((milestone) => {
      const window = currentWindow(milestone.deadline.date, now, this.deps.policy);
      return window === null ? [] : [{ milestone, window }];
    });
    try {
      await this.saveSentMarks();
      if (open.length === 0) return result;
      const byConversation = groupByConversation(await this.deps.store.allSubscriptions());
      for (const [conversationId, subscriptions] of byConversation) {
        await this.remind(conversationId, subscriptions, open, now, result);
      }
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'store_unavailable' || e.code === 'store_corrupt'))) throw e;
      result.storeAvailable = false;
      this.deps.logger.warn({ err: describeError(e) }, 'reminder tick stopped: store unavailable');
    }
    return result;
  }

  private async remind(
    conversationId: string,
    subscriptions: Subscription[],
    open: { milestone: Milestone; window: number }[],
    now: Date,
    result: TickResult,
  ): Promise<void> {
    const { store } = this.deps;
    const platform = conversationId.slice(0, conversationId.indexOf(':'));
    const target = this.targets.get(platform);
    if (!target || (this.pausedUntil.get(platform) ?? 0) > now.getTime()) return;
    if ((await store.getSubscriberStatus(conversationId))?.disabled) return;

    // One instance at a time per conversation, so milestones due together go out as one message
    // even when two instances tick at once (each would otherwise claim some of them).
    const lock = `lock|${conversationId}`;
    if (!(await store.claimReminder(lock, this.deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS))) return;
    try {
      await this.remindLocked(conversationId, platform, target, subscriptions, open, now, result);
    } finally {
      await store.releaseReminderClaim(lock);
    }
  }

  private async remindLocked(
    conversationId: string,
    platform: string,
    target: PushTarget,
    subscriptions: Subscription[],
    open: { milestone: Milestone; window: number }[],
    now: Date,
    result: TickResult,
  ): Promise<void> {
    const { store, logger } = this.deps;
    const plan = this.plans;
    const followed = new Set(
      milestonesFor(
        plan,
        open.map((o) => o.milestone),
        subscriptions.map((s) => s.target),
      ),
    );
    const claimed: Due[] = [];
    for (const { milestone, window } of open) {
      if (!followed.has(milestone)) continue;
      const key = `${conversationId}|${milestone.id}|${window}d`;
      if (this.unsavedSentMarks.has(key)) continue;
      if (await store.claimReminder(key, this.deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS))
        claimed.push({ milestone, window, key });
    }
    if (claimed.length === 0) return;

    const keys = claimed.map((d) => d.key).sort();
    const reply = reminderReply(
      claimed.map((d) => d.milestone),
      now,
      this.deps.policy.timeZone,
      (task) => {
        const entry = task.plan ? this.plans.get(task.plan) : undefined;
        return entry && entry !== this.plans.defaultEntry() ? entry.name : null;
      },
    );
    const log = { conversation: hashId(conversationId), platform, milestones: claimed.length };
    try {
      await target.push(conversationId, reply, { retryKey: uuidFromKey(keys.join('\n')) });
    } catch (e) {
      await this.failed(conversationId, platform, keys, e, result, now);
      return;
    }
    metrics.inc('workplan_reminders_sent_total', { platform });
    result.sent += 1;
    logger.info(log, 'reminder sent');
    for (const key of keys) this.unsavedSentMarks.add(key);
    await this.saveSentMarks();
  }

  private async failed(
    conversationId: string,
    platform: string,
    keys: string[],
    error: unknown,
    result: TickResult,
    now: Date,
  ): Promise<void> {
    const { store, logger } = this.deps;
    const log = { conversation: hashId(conversationId), platform, err: describeError(error) };
    const permanent = error instanceof PlatformError && !error.transient;
    metrics.inc('workplan_reminders_failed_total', { platform, kind: permanent ? 'permanent' : 'transient' });
    if (permanent) {
      await store.setSubscriberStatus({
        conversationId,
        disabled: true,
        reason: error.message,
        updatedAt: now.toISOString(),
      });
      result.disabled += 1;
      logger.warn(log, 'reminder refused for good; subscriber disabled');
    } else {
      // Anything not known to be permanent (including an unexpected error) is worth another try.
      metrics.inc('workplan_reminders_retried_total', { platform });
      result.retrying += 1;
      if (error instanceof PlatformError && error.retryAfterMs !== null)
        this.pausedUntil.set(platform, now.getTime() + error.retryAfterMs);
      logger.warn(log, 'reminder failed; will retry at the next tick');
    }
    for (const key of keys) await store.releaseReminderClaim(key);
  }

  private async saveSentMarks(): Promise<void> {
    for (const key of [...this.unsavedSentMarks]) {
      await this.deps.store.markReminderSent(key);
      this.unsavedSentMarks.delete(key);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((e: unknown) => this.deps.logger.error({ err: describeError(e) }, 'reminder tick failed'))
        .finally(() => {
          this.running = null;
          this.schedule(this.deps.tickMs);
        });
    }, delayMs);
    // The loop alone must not keep the process alive at shutdown.
    this.timer.unref();
  }
}

function groupByConversation(subscriptions: Subscription[]): Map<string, Subscription[]> {
  const groups = new Map<string, Subscription[]>();
  for (const s of subscriptions) groups.set(s.conversationId, [...(groups.get(s.conversationId) ?? []), s]);
  return groups;
}
