import { Redis } from 'ioredis';
import { systemClock, type Clock } from '../core/clock.ts';
import type { ConversationContext } from '../engine/types.ts';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { callRedis, decodeJson, execResult } from './redis-errors.ts';
import { appendToInbox, readInboxAfter } from './redis-inbox.ts';
import { RedisKeys } from './redis-keys.ts';
import { RedisMarker, type RedisAlert } from './redis-marker.ts';
import {
  ABANDON_DELIVERY,
  BEGIN_DELIVERY,
  CLAIMED,
  DONE,
  RELEASE_CLAIM,
  REMOVE_SUBSCRIPTIONS,
  SENT,
} from './redis-scripts.ts';
import {
  ConversationContextSchema,
  contextJson,
  SubscriberStatusSchema,
  SubscriptionSchema,
  targetKey,
} from './schemas.ts';
import type {
  InboxItem,
  InboxMessage,
  Store,
  Subscription,
  SubscriberStatus,
  SubscriptionTarget,
} from './types.ts';

export interface RedisStoreOptions {
  url: string;
  /** Every key starts with this, so several bots (or tests) can share one Redis. */
  prefix?: string;
  /** A request waits at most this long for Redis before the store reports itself unavailable. */
  commandTimeoutMs?: number;
  /** Connection errors happen in the background while ioredis reconnects; the caller logs them. */
  onConnectionError?: (error: Error) => void;
  /** Judges inbox items' expiry (see redis-inbox.ts); the real clock unless a test moves it. */
  clock?: Clock;
  /** Told when Redis lost its data or runs without persistence (redis-marker.ts); the caller logs it. */
  onAlert?: (alert: RedisAlert) => void;
}

/**
 * The store on Redis (REDIS_URL), shared by every instance of the bot. The request path fails fast
 * when Redis is away: no offline queue and a short command timeout, so a question is answered
 * without its context rather than held up; ioredis keeps reconnecting in the background.
 * Expiries are Redis's own (PX), so instances with different clocks still agree on them.
 * The key layout is in redis-keys.ts, the atomic steps in redis-scripts.ts.
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly client: Redis;
  private readonly keys: RedisKeys;
  private readonly clock: Clock;
  private readonly marker: RedisMarker;

  constructor(options: RedisStoreOptions) {
    this.keys = new RedisKeys(options.prefix ?? 'workplan:');
    this.clock = options.clock ?? systemClock;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      // A command whose caller was already told it failed must not run later behind its back.
      autoResendUnfulfilledCommands: false,
    });
    const report = options.onConnectionError;
    // Without a listener ioredis prints every reconnect failure to the console.
    this.client.on('error', (e: Error) => report?.(e));
    this.marker = new RedisMarker(this.client, this.keys.marker(), (alert) => options.onAlert?.(alert));
    this.client.on('ready', () => {
      this.marker
        .onConnected()
        .catch((e: unknown) => report?.(e instanceof Error ? e : new Error(String(e))));
    });
  }

  /** Resolves once connected; rejects with StoreUnavailableError after `timeoutMs`. */
  async ready(timeoutMs = 2_000): Promise<void> {
    if (this.client.status === 'ready') return callRedis('GET', () => this.marker.onConnected());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new StoreUnavailableError(`redis not reachable within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', onReady);
    });
    await callRedis('GET', () => this.marker.onConnected());
  }

  async getContext(conversationId: string): Promise<ConversationContext | null> {
    const key = this.keys.context(conversationId);
    const raw = await callRedis('GET', () => this.client.get(key));
    return raw === null ? null : decodeJson(key, raw, ConversationContextSchema);
  }

  async setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void> {
    const value = contextJson(context);
    await callRedis('SET', () => this.client.set(this.keys.context(conversationId), value, 'PX', ttlMs));
  }

  async markSeen(key: string, ttlMs: number): Promise<boolean> {
    const result = await callRedis('SET', () => this.client.set(this.keys.seen(key), '1', 'PX', ttlMs, 'NX'));
    return result === 'OK';
  }

  async beginDelivery(key: string, leaseMs: number): Promise<'started' | 'busy' | 'done'> {
    const k = this.keys.delivery(key);
    const result = await callRedis('EVAL', () => this.client.eval(BEGIN_DELIVERY, 1, k, String(leaseMs)));
    if (result !== 'started' && result !== 'busy' && result !== 'done')
      throw new StoreCorruptError(`redis key ${k}: unexpected delivery state`);
    return result;
  }

  async finishDelivery(key: string, doneTtlMs: number): Promise<void> {
    await callRedis('SET', () => this.client.set(this.keys.delivery(key), DONE, 'PX', doneTtlMs));
  }

  async abandonDelivery(key: string): Promise<void> {
    await callRedis('EVAL', () => this.client.eval(ABANDON_DELIVERY, 1, this.keys.delivery(key)));
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const k = this.keys.rate(key);
    // The window starts with the first hit; MULTI keeps "start window" and "count" together.
    const results = await callRedis('MULTI', () =>
      this.client.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).exec(),
    );
    const count = execResult(results, 1);
    if (typeof count !== 'number') throw new StoreCorruptError(`redis key ${k}: not a counter`);
    return count;
  }

  async addSubscription(subscription: Subscription): Promise<boolean> {
    const parsed = SubscriptionSchema.parse(subscription);
    const results = await callRedis('MULTI', () =>
      this.client
        .multi()
        .hsetnx(
          this.keys.subscriptions(parsed.conversationId),
          targetKey(parsed.target),
          JSON.stringify(parsed),
        )
        .sadd(this.keys.subscribers(), parsed.conversationId)
        .exec(),
    );
    return execResult(results, 0) === 1;
  }

  async removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number> {
    const removed = await callRedis('EVAL', () =>
      this.client.eval(
        REMOVE_SUBSCRIPTIONS,
        2,
        this.keys.subscriptions(conversationId),
        this.keys.subscribers(),
        target ? targetKey(target) : '',
        conversationId,
      ),
    );
    return Number(removed);
  }

  async listSubscriptions(conversationId: string): Promise<Subscription[]> {
    const key = this.keys.subscriptions(conversationId);
    const values = await callRedis('HVALS', () => this.client.hvals(key));
    return inMadeOrder(values.map((raw) => decodeJson(key, raw, SubscriptionSchema)));
  }

  async allSubscriptions(): Promise<Subscription[]> {
    const ids = await callRedis('SMEMBERS', () => this.client.smembers(this.keys.subscribers()));
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hvals(this.keys.subscriptions(id));
    const results = await callRedis('HVALS', () => pipeline.exec());
    return ids.flatMap((id, i) => {
      const values = execResult(results, i) as string[];
      return inMadeOrder(
        values.map((raw) => decodeJson(this.keys.subscriptions(id), raw, SubscriptionSchema)),
      );
    });
  }

  async getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null> {
    const key = this.keys.status(conversationId);
    const raw = await callRedis('GET', () => this.client.get(key));
    return raw === null ? null : decodeJson(key, raw, SubscriberStatusSchema);
  }

  async setSubscriberStatus(status: SubscriberStatus): Promise<void> {
    const value = JSON.stringify(SubscriberStatusSchema.parse(status));
    await callRedis('SET', () => this.client.set(this.keys.status(status.conversationId), value));
  }

  async claimReminder(key: string, ttlMs: number): Promise<boolean> {
    // NX also refuses when the key already says "sent", so a sent reminder can never be claimed again.
    const result = await callRedis('SET', () =>
      this.client.set(this.keys.reminder(key), CLAIMED, 'PX', ttlMs, 'NX'),
    );
    return result === 'OK';
  }

  async markReminderSent(key: string): Promise<void> {
    await callRedis('SET', () => this.client.set(this.keys.reminder(key), SENT));
  }

  async markRemindersSent(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    // One MSET is one atomic command: every key is marked, or (if it fails) none; it also drops
    // each claim's TTL, as markReminderSent's SET does.
    const pairs = keys.flatMap((key) => [this.keys.reminder(key), SENT]);
    await callRedis('MSET', () => this.client.mset(...pairs));
  }

  async releaseReminderClaim(key: string): Promise<void> {
    await callRedis('EVAL', () => this.client.eval(RELEASE_CLAIM, 1, this.keys.reminder(key)));
  }

  async isReminderSent(key: string): Promise<boolean> {
    const k = this.keys.reminder(key);
    const value = await callRedis('GET', () => this.client.get(k));
    if (value !== null && value !== CLAIMED && value !== SENT)
      throw new StoreCorruptError(`redis key ${k}: unexpected reminder mark`);
    return value === SENT;
  }

  /** A stream per conversation; see redis-inbox.ts for ids and per-item expiry. */
  appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string> {
    return appendToInbox(this.client, this.keys.inbox(conversationId), message, ttlMs, this.clock);
  }

  readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]> {
    return readInboxAfter(this.client, this.keys.inbox(conversationId), afterId, this.clock);
  }

  /** Also throws StoreCorruptError once Redis has lost its data (redis-marker.ts), until restart. */
  async ping(): Promise<void> {
    await callRedis('PING', () => this.client.ping());
    await callRedis('GET', () => this.marker.check());
    const lost = this.marker.lostState;
    if (lost !== null) throw new StoreCorruptError(lost);
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') {
      // QUIT fails when the socket died before ioredis noticed; dropping the connection is then
      // all that is left to do, and is done below.
      const quit = await this.client.quit().then(
        () => true,
        () => false,
      );
      if (quit) return;
    }
    this.client.disconnect();
  }
}

/**
 * A conversation's subscriptions in the order they were made (createdAt, ties by target key). A Redis
 * hash has no order of its own once its values outgrow a listpack (hash-max-listpack-value, 64
 * bytes): HVALS then follows the server's randomly seeded hash, which differs from run to run.
 */
function inMadeOrder(subscriptions: Subscription[]): Subscription[] {
  const key = (s: Subscription) => `${s.createdAt}\n${targetKey(s.target)}`;
  return subscriptions.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
