import type { Clock } from '../core/clock.ts';
import type { PushTarget } from '../core/types.ts';
import { AppError, PlatformError, describeError } from '../errors.ts';
import { hashId, type Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import type { Plan } from '../plan/model.ts';
import type { Store, Subscription } from '../store/types.ts';
import { dueReminders, type DueReminder, type OpenMilestone } from './due.ts';
import { reminderReply } from './format.ts';
import { allMilestones } from './milestones.ts';
import { otherPlanName, singlePlanSet, type PlanSet } from '../plan/plan-set.ts';
import { PlatformPacing, afterRealTime, pushWithin, type PushDeadline } from './pacing.ts';
import { SentMarks } from './sent-marks.ts';
import { openWindows, type ReminderPolicy } from './policy.ts';
import { uuidFromKey } from '../core/name-uuid.ts';
import { platformOf, pushTargetFor } from '../core/push-routing.ts';

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
   * How long a conversation's lock holds when its holder never finishes (a crash mid-send), in ms.
   * Must exceed pushTimeoutMs; a reminder whose sender died goes out this much later, never not at all.
   */
  claimTtlMs?: number;
  /** How long (real ms) the scheduler waits for one push before it moves on and pauses that platform. */
  pushTimeoutMs?: number;
  /** When a push has run too long; without it, pushTimeoutMs of real time (tests fire their own). */
  pushDeadline?: PushDeadline;
}

export interface TickResult {
  /** Messages delivered (one may list several milestones). */
  sent: number;
  /** Messages that failed transiently (or ran past their deadline); a later tick retries them. */
  retrying: number;
  /** Conversations disabled after a permanent failure. */
  disabled: number;
  /** False when the store could not be read; nothing was sent and the next tick tries again. */
  storeAvailable: boolean;
}

interface Conversation {
  conversationId: string;
  due: DueReminder[];
}

export const DEFAULT_CLAIM_TTL_MS = 30_000;
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;
/**
 * The longest a platform is held for one push past its deadline. grammY's auto-retry gives up after
 * at most ~2.5 min (three retries with 30 s API timeouts); a push that never settles must not stop
 * its platform for good.
 */
export const MAX_LATE_HOLD_MS = 5 * 60_000;

const isStoreFailure = (e: unknown): boolean =>
  e instanceof AppError && (e.code === 'store_unavailable' || e.code === 'store_corrupt');

/**
 * Sends each (subscriber, milestone, window) reminder once (the window is chosen by dueWindow in
 * policy.ts). The rule, for any number of instances and restarts:
 * - Only what is due costs anything. A reminder whose sent mark this process has seen is never
 *   looked up again; one it has not seen costs a read. Writes happen only for a reminder that is
 *   actually unsent, so a tick with nothing due writes nothing.
 * - One instance at a time per conversation: a lock (a store claim, SET NX with a TTL) is taken,
 *   the sent marks are read again under it, the due milestones go out as one message, and the whole
 *   set is marked sent in one atomic step (markRemindersSent), so a kill can never leave part of a
 *   set marked. A kill between the platform accepting a push and that step pushes the same set again
 *   after the lock expires, with the same retry key (X-Line-Retry-Key; the web inbox's item key),
 *   which those platforms de-duplicate; elsewhere that one store write is the only window for a
 *   duplicate.
 * - Platforms are independent: each has its own queue, run concurrently with the others and across
 *   ticks (a platform still pushing is left out of the next tick), each push with a deadline. A 429
 *   or a 5xx (any transient failure) pauses that platform only (pacing.ts).
 * - Permanent failure (blocked, chat gone) disables the subscriber, so re-subscribing before the
 *   deadline still brings the reminder.
 * - A sent mark that could not be written (store down) is kept in memory and written before the next
 *   tick does anything else, so a live process never pushes a delivered reminder twice.
 */
export class ReminderScheduler {
  /** The plans whose milestones are reminded; a reload of the catalogue shows at the next tick. */
  private readonly plans: PlanSet;
  private readonly targets: Map<string, PushTarget>;
  private readonly marks: SentMarks;
  private readonly pacing = new PlatformPacing();
  private readonly deadline: PushDeadline;
  /** Each platform's pushes in progress. */
  private readonly busy = new Map<string, Promise<void>>();
  /** Pushes that ran past their deadline and have not settled yet. */
  private readonly late = new Set<Promise<void>>();
  /**
   * Platforms left alone while a push that ran past its deadline may still land (until it settles,
   * or MAX_LATE_HOLD_MS has passed), so this process never pushes the same set twice at once.
   */
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private planning: Promise<unknown> | null = null;
  private stopped = true;
  /** Set by stop(): pushes not yet started are left for the next run of the process. */
  private stopping = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.plans = deps.plans ?? singlePlanSet(deps.plan);
    this.targets = new Map(deps.pushTargets.map((t) => [t.platform, t]));
    this.marks = new SentMarks(deps.store);
    this.deadline = deps.pushDeadline ?? afterRealTime(deps.pushTimeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for the pushes in progress (each has a deadline); starts no new one. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.planning;
    await Promise.all(this.busy.values());
  }

  /** One pass, waiting for every push it started (even after stop()). Never throws for a store outage. */
  async tick(): Promise<TickResult> {
    const { result, runs } = await this.startTick(false);
    await Promise.all(runs);
    return result;
  }

  /** Works out what is due and starts each idle platform's pushes; resolves once they are started. */
  private async startTick(stoppable: boolean): Promise<{ result: TickResult; runs: Promise<void>[] }> {
    const result: TickResult = { sent: 0, retrying: 0, disabled: 0, storeAvailable: true };
    const { clock, policy, store } = this.deps;
    const plan = this.plans;
    const now = clock.now();
    const open: OpenMilestone[] = allMilestones(this.plans).flatMap((milestone) => {
      const windows = openWindows(milestone.deadline.date, now, policy);
      return windows ? [{ milestone, windows }] : [];
    });
    const work = new Map<string, { target: PushTarget; conversations: Conversation[] }>();
    try {
      await this.marks.flush();
      const inUse: string[] = [];
      if (open.length === 0) {
        this.marks.retain(inUse);
        return { result, runs: [] };
      }
      for (const [conversationId, subscriptions] of groupByConversation(await store.allSubscriptions())) {
        const { platform, target } = this.route(conversationId);
        if (!target) continue;
        const due = dueReminders(plan, open, subscriptions);
        const pending = due.filter((d) => !this.marks.anyKnown(d.unlessSent));
        for (const d of due) inUse.push(...d.unlessSent);
        if (pending.length === 0 || !this.mayPush(platform, now)) continue;
        const queue = work.get(platform) ?? { target, conversations: [] };
        queue.conversations.push({ conversationId, due: pending });
        work.set(platform, queue);
      }
      this.marks.retain(inUse);
    } catch (e) {
      if (!isStoreFailure(e)) throw e;
      this.storeDown(e, result);
      return { result, runs: [] };
    }
    const runs = [...work].map(([platform, { target, conversations }]) => {
      const run = this.runPlatform(platform, target, conversations, result, stoppable).finally(() =>
        this.busy.delete(platform),
      );
      this.busy.set(platform, run);
      return run;
    });
    return { result, runs };
  }

  private mayPush(platform: string, now: Date): boolean {
    return (
      !this.busy.has(platform) && !this.held.has(platform) && !this.pacing.isPaused(platform, now.getTime())
    );
  }

  /** Which push target a conversation id goes to, by its platform prefix (the one lookup). */
  private route(conversationId: string): { platform: string; target: PushTarget | undefined } {
    const target = pushTargetFor(this.targets.values(), conversationId) ?? undefined;
    return { platform: platformOf(conversationId) ?? '', target };
  }

  /** One platform's conversations, one after another, until done, stopped or the platform pauses. */
  private async runPlatform(
    platform: string,
    target: PushTarget,
    conversations: Conversation[],
    result: TickResult,
    stoppable: boolean,
  ): Promise<void> {
    try {
      for (const { conversationId, due } of conversations) {
        if ((stoppable && this.stopping) || this.held.has(platform)) break;
        if (this.pacing.isPaused(platform, this.deps.clock.now().getTime())) break;
        await this.remind(conversationId, platform, target, due, result);
      }
    } catch (e) {
      if (isStoreFailure(e)) this.storeDown(e, result);
      else this.deps.logger.error({ platform, err: describeError(e) }, 'reminders stopped for this tick');
    }
  }

  private async remind(
    conversationId: string,
    platform: string,
    target: PushTarget,
    due: DueReminder[],
    result: TickResult,
  ): Promise<void> {
    const { store, logger, policy } = this.deps;
    // Reads first: a reminder already sent (by another instance, or before a restart) costs no write.
    if ((await this.marks.unsent(due)).length === 0) return;
    if ((await store.getSubscriberStatus(conversationId))?.disabled) return;

    // One instance at a time per conversation, so milestones due together go out as one message.
    const lock = `lock|${conversationId}`;
    const claimTtlMs = this.deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
    if (!(await store.claimReminder(lock, claimTtlMs))) return;
    let lockHandedOver = false;
    try {
      // Read again under the lock: another instance may have sent some since.
      const sending = await this.marks.unsent(due);
      if (sending.length === 0) return;
      const keys = sending.map((d) => d.key).sort();
      const now = this.deps.clock.now();
      const reply = reminderReply(
        sending.map((d) => d.milestone),
        now,
        policy.timeZone,
        (task) => otherPlanName(this.plans, task),
      );
      const push = target.push(conversationId, reply, { retryKey: uuidFromKey(keys.join('\n')) });
      const outcome = await pushWithin(push, platform, this.deadline);
      const log = { conversation: hashId(conversationId), platform, milestones: keys.length };
      if (outcome.kind === 'delivered') {
        result.sent += 1;
        logger.info(log, 'reminder sent');
        await this.delivered(platform, keys);
      } else if (outcome.kind === 'failed') {
        await this.failed(conversationId, platform, outcome.error, result, now);
      } else {
        // Outcome unknown: keep the lock (the push may still land) and hold the platform until it
        // settles, so this process cannot push the same set while the first is in flight.
        lockHandedOver = true;
        result.retrying += 1;
        metrics.inc('workplan_reminders_failed_total', { platform, kind: 'timeout' });
        const pauseMs = this.pacing.failed(platform, null, now.getTime());
        logger.warn(
          { ...log, pauseMs },
          'reminder push ran past its deadline; platform held until it settles',
        );
        this.settleLate(conversationId, platform, keys, lock, outcome.late, MAX_LATE_HOLD_MS);
      }
    } finally {
      if (!lockHandedOver) await store.releaseReminderClaim(lock);
    }
  }

  private async delivered(platform: string, keys: string[]): Promise<void> {
    this.pacing.delivered(platform);
    metrics.inc('workplan_reminders_sent_total', { platform });
    await this.marks.delivered(keys);
  }

  /** Records a push that finished after its deadline, then lets the conversation's lock go. */
  private settleLate(
    conversationId: string,
    platform: string,
    keys: string[],
    lock: string,
    late: Promise<unknown>,
    holdAtMostMs: number,
  ): void {
    const log = { conversation: hashId(conversationId), platform };
    const settled: Promise<void> = late
      .then(
        async () => {
          this.deps.logger.info(log, 'late reminder push delivered');
          await this.delivered(platform, keys);
        },
        (e: unknown) => this.deps.logger.warn({ ...log, err: describeError(e) }, 'late reminder push failed'),
      )
      .then(() => this.deps.store.releaseReminderClaim(lock))
      .catch((e: unknown) =>
        // The lock then expires on its own; unsaved marks are written by the next tick.
        this.deps.logger.warn({ ...log, err: describeError(e) }, 'late reminder push not recorded'),
      )
      .finally(() => this.late.delete(settled));
    this.late.add(settled);
    // A push that never settles must not stop the platform for good.
    this.held.add(platform);
    let timer: NodeJS.Timeout | undefined;
    const longest = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, holdAtMostMs);
      timer.unref();
    });
    void Promise.race([settled, longest]).then(() => {
      clearTimeout(timer);
      this.held.delete(platform);
    });
  }

  /** Resolves once every push that ran past its deadline so far has settled and been recorded. */
  async latePushesSettled(): Promise<void> {
    await Promise.all(this.late);
  }

  private async failed(
    conversationId: string,
    platform: string,
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
      // Anything not known to be permanent (a 429, a 5xx, a network error, an unexpected error) is
      // worth another try, after a pause for the whole platform: it is most likely down for all.
      metrics.inc('workplan_reminders_retried_total', { platform });
      result.retrying += 1;
      const pauseMs = this.pacing.failed(platform, error, now.getTime());
      logger.warn({ ...log, pauseMs }, 'reminder failed; platform paused, will retry');
    }
  }

  private storeDown(e: unknown, result: TickResult): void {
    result.storeAvailable = false;
    this.deps.logger.warn({ err: describeError(e) }, 'reminders paused: store unavailable');
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // The next tick does not wait for slow platforms: they are left out of it while still busy.
      this.planning = this.startTick(true)
        .catch((e: unknown) => this.deps.logger.error({ err: describeError(e) }, 'reminder tick failed'))
        .finally(() => {
          this.planning = null;
          this.schedule(this.deps.tickMs);
        });
    }, delayMs);
    // The loop alone must not keep the process alive at shutdown.
    this.timer.unref();
  }
}

function groupByConversation(subscriptions: Subscription[]): Map<string, Subscription[]> {
  const groups = new Map<string, Subscription[]>();
  for (const s of subscriptions) {
    const group = groups.get(s.conversationId);
    if (group) group.push(s);
    else groups.set(s.conversationId, [s]);
  }
  return groups;
}
