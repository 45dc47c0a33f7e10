import type { Bot } from './bot.ts';
import type { IncomingMessage, Reply } from './types.ts';
import { recordTurn } from './observe.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';

/** Where the delivery lifecycle is kept (issue 12): an in-progress lease, then a done mark. */
export type DeliveryLedger = Pick<Store, 'beginDelivery' | 'finishDelivery' | 'abandonDelivery'>;

/**
 * One update from a platform, as its adapter describes it to the core. The adapter has already
 * verified the request and parsed the body; the core decides whether it is handled at all.
 */
export interface Delivery {
  platform: string;
  /**
   * The platform's own id for this update, unique within the platform (Telegram's update_id,
   * LINE's webhookEventId, WeCom's MsgId): a redelivery carries the same one. null for an update
   * that can never come twice (the web page's own request).
   */
  id: string | null;
  /** Where the answer goes ("telegram:123"), when the update belongs to a conversation. */
  conversationId: string | null;
  /**
   * Tells the user something went wrong, in the conversation. Called when the work throws; a
   * delivered apology counts as an answer (the update is done), a failed one does not.
   */
  apologize?: () => Promise<void>;
}

/** What the adapter's work sees: the conversation turn, and a place to say what it did. */
export interface Turn {
  /**
   * For the log line: the engine's intent once ask() answered, else what the adapter did
   * ("command", "callback", "inline"); "ignored" until something is done.
   */
  intent: string;
  /** The platform-neutral conversation turn (rate limit, commands, engine). */
  ask(message: IncomingMessage): Promise<Reply>;
}

/**
 * - answered: the work finished (the platform accepted whatever it sent); the update is done.
 * - apologized: the work failed, the apology was delivered; the update is done.
 * - failed: the work failed and nothing reached the user; the lease was dropped, so a redelivery
 *   is handled at once. A webhook answers it with an error status so the platform redelivers.
 * - duplicate: answered before; dropped.
 * - busy: another holder's lease is live; dropped now, a later redelivery gets it if that holder died.
 */
export type DeliveryOutcome = 'answered' | 'apologized' | 'failed' | 'duplicate' | 'busy';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  /** The error the work threw, for an edge that maps errors itself (the web API). */
  error?: unknown;
}

export interface DeliveryCoreDeps {
  bot: Pick<Bot, 'handle'>;
  ledger: DeliveryLedger;
  logger: Logger;
  /**
   * How long an update is held as in progress. A platform redelivers only an update whose webhook
   * was not answered, and every webhook answers within seconds (Telegram 8 s, LINE 2 s, WeCom at
   * once) while the work goes on; so the lease needs to outlast that answer, not the work, and
   * after a crash (kill -9 mid-update) a redelivery is answered as soon as it passes.
   */
  leaseMs?: number;
  /** How long a done update is remembered: platforms redeliver for hours, not days. */
  doneTtlMs?: number;
}

/** The results without an error are the same every time; one object each, not one per update. */
const ANSWERED: DeliveryResult = Object.freeze({ outcome: 'answered' });
const DUPLICATE: DeliveryResult = Object.freeze({ outcome: 'duplicate' });
const BUSY: DeliveryResult = Object.freeze({ outcome: 'busy' });

/**
 * The turn a delivery's work sees. A class, so a turn is one object, not an object and a closure
 * over it per update.
 */
class DeliveryTurn implements Turn {
  intent = 'ignored';
  constructor(private readonly bot: Pick<Bot, 'handle'>) {}

  async ask(message: IncomingMessage): Promise<Reply> {
    const reply = await this.bot.handle(message);
    this.intent = reply.answer?.intent ?? (reply.refused ? 'rate_limited' : 'command');
    return reply;
  }
}

export const DELIVERY_LEASE_MS = 10_000;
export const DELIVERY_DONE_TTL_MS = 24 * 60 * 60_000;

/**
 * The one delivery path every adapter (and the web chat) uses, modelled on vercel/chat's `Chat`:
 * the core owns de-duplication, per-conversation order, the error plumbing and the apology, and the
 * one log line per update; an adapter only verifies, maps, renders and sends.
 *
 * Lifecycle (issue 12): an update is leased (beginDelivery) before it is handled, marked done
 * (finishDelivery) once the platform accepted the reply, and released (abandonDelivery) when
 * nothing reached the user, so a redelivery of an unanswered update is answered and one of an
 * answered update is dropped. A store that cannot be reached does not silence the bot: the update
 * is handled without the lease, and that is logged.
 */
export class DeliveryCore {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: DeliveryCoreDeps) {}

  /**
   * Handles one update: `work` runs once this instance holds the update, after the conversation's
   * earlier updates (updates of one conversation are handled in arrival order, conversations
   * concurrently). Never throws for the work's errors: see the outcome.
   */
  deliver(delivery: Delivery, work: (turn: Turn) => Promise<void>): Promise<DeliveryResult> {
    const startedAt = performance.now();
    const key = delivery.conversationId;
    // A conversation with nothing in flight starts at once; one with earlier updates waits for the
    // last of them. One settle handler forgets the delivery and, when it is still the
    // conversation's last, the queue entry: every update's path, so no more promises than that.
    const previous = key === null ? undefined : this.queues.get(key);
    const run =
      previous === undefined
        ? this.run(delivery, work, startedAt)
        : previous.then(() => this.run(delivery, work, startedAt));
    const settle = () => {
      this.running.delete(run);
      if (key !== null && this.queues.get(key) === settled) this.queues.delete(key);
    };
    const settled: Promise<void> = run.then(settle, settle);
    this.running.add(run);
    if (key !== null) this.queues.set(key, settled);
    return run;
  }

  /** Resolves when every delivery started so far (and meanwhile) has finished: for shutdown. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(
    delivery: Delivery,
    work: (turn: Turn) => Promise<void>,
    startedAt: number,
  ): Promise<DeliveryResult> {
    const key = delivery.id === null ? null : `${delivery.platform}:${delivery.id}`;
    const turn = new DeliveryTurn(this.deps.bot);

    const status = key === null ? 'started' : await this.begin(key);
    if (status !== 'started') {
      turn.intent = status === 'done' ? 'duplicate' : 'busy';
      this.record(delivery, turn, startedAt);
      return status === 'done' ? DUPLICATE : BUSY;
    }

    let err: { code: string; message: string } | undefined;
    try {
      await work(turn);
      if (key !== null) await this.finish(key);
      return ANSWERED;
    } catch (error) {
      turn.intent = 'error';
      err = describeError(error);
      const apologized = await this.apologize(delivery);
      if (key !== null) await (apologized ? this.finish(key) : this.abandon(key));
      return { outcome: apologized ? 'apologized' : 'failed', error };
    } finally {
      this.record(delivery, turn, startedAt, err);
    }
  }

  private record(
    delivery: Delivery,
    turn: Turn,
    startedAt: number,
    err?: { code: string; message: string },
  ): void {
    recordTurn(this.deps.logger, {
      platform: delivery.platform,
      conversationId: delivery.conversationId,
      intent: turn.intent,
      startedAt,
      ...(err ? { err } : {}),
    });
  }

  private async apologize(delivery: Delivery): Promise<boolean> {
    if (!delivery.apologize) return false;
    try {
      await delivery.apologize();
      return true;
    } catch (e) {
      this.deps.logger.error(
        { platform: delivery.platform, err: describeError(e), update: delivery.id },
        'apology not delivered',
      );
      return false;
    }
  }

  /** A broken store must not silence the bot: without a lease the update is handled anyway. */
  private async begin(key: string): Promise<'started' | 'busy' | 'done'> {
    try {
      return await this.deps.ledger.beginDelivery(key, this.deps.leaseMs ?? DELIVERY_LEASE_MS);
    } catch (e) {
      this.deps.logger.warn({ err: describeError(e) }, 'delivery lease unavailable; handling without it');
      return 'started';
    }
  }

  private async finish(key: string): Promise<void> {
    try {
      await this.deps.ledger.finishDelivery(key, this.deps.doneTtlMs ?? DELIVERY_DONE_TTL_MS);
    } catch (e) {
      // The answer went out; a redelivery after the lease would be answered again. Say so.
      this.deps.logger.warn({ err: describeError(e) }, 'delivery not marked done');
    }
  }

  private async abandon(key: string): Promise<void> {
    try {
      await this.deps.ledger.abandonDelivery(key);
    } catch (e) {
      // The lease runs out on its own; a redelivery before then is dropped as busy.
      this.deps.logger.warn({ err: describeError(e) }, 'delivery lease not released');
    }
  }
}
