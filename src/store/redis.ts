import { Redis } from 'ioredis';
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock.ts';
import type { ConversationContext } from '../engine/types.ts';
import { AppError, StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';
import {
  ConversationContextSchema,
  INBOX_ID,
  InboxMessageSchema,
  SubscriberStatusSchema,
  SubscriptionSchema,
  targetKey,
} from './schemas.ts';
import {
  INBOX_MAX_ITEMS,
  type InboxItem,
  type InboxMessage,
  type Store,
  type Subscription,
  type SubscriberStatus,
  type SubscriptionTarget,
} from './types.ts';

export interface RedisStoreOptions {
  url: string;
  /** Every key starts with this, so several bots (or tests) can share one Redis. */
  prefix?: string;
  /** A request waits at most this long for Redis before the store reports itself unavailable. */
  commandTimeoutMs?: number;
  /** Connection errors happen in the background while ioredis reconnects; the caller logs them. */
  onConnectionError?: (error: Error) => void;
  /** Judges inbox items' expiry (see appendInbox); the real clock unless a test moves it. */
  clock?: Clock;
}

const CLAIMED = 'claimed';
const SENT = 'sent';

// Deletes the subscriptions and, when none are left, the conversation from the subscriber set, in one
// step, so a subscription added at the same moment cannot be left out of the set.
const REMOVE_SUBSCRIPTIONS = `
local n
if ARGV[1] == '' then
  n = redis.call('HLEN', KEYS[1])
  redis.call('DEL', KEYS[1])
else
  n = redis.call('HDEL', KEYS[1], ARGV[1])
end
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return n`;

// A release must never undo a sent mark.
const RELEASE_CLAIM = `
if redis.call('GET', KEYS[1]) == '${CLAIMED}' then return redis.call('DEL', KEYS[1]) end
return 0`;

// One step, so two appends of the same key cannot both miss each other, and the key's TTL only
// ever grows (an item appended with a shorter TTL must not cut short an older one).
// KEYS[1] the stream; ARGV: message key, message JSON, expiresAt, now (ms), ttl (ms), max items.
const APPEND_INBOX = `
local now = tonumber(ARGV[4])
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local fields, key, exp = entry[2], nil, nil
  for i = 1, #fields, 2 do
    if fields[i] == 'key' then key = fields[i + 1] elseif fields[i] == 'exp' then exp = tonumber(fields[i + 1]) end
  end
  if key == ARGV[1] and exp and exp > now then return entry[1] end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[6], '*', 'key', ARGV[1], 'message', ARGV[2], 'exp', ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return id`;

const InboxEntrySchema = z.tuple([
  z.string().regex(INBOX_ID),
  z.tuple([
    z.literal('key'),
    z.string(),
    z.literal('message'),
    z.string(),
    z.literal('exp'),
    z.string().regex(/^\d+$/),
  ]),
]);

/**
 * The store on Redis (REDIS_URL), shared by every instance of the bot. The request path fails fast
 * when Redis is away: no offline queue and a short command timeout, so a question is answered
 * without its context rather than held up; ioredis keeps reconnecting in the background.
 * Expiries are Redis's own (PX), so instances with different clocks still agree on them.
 *
 * Keys: <prefix>ctx:<conversation>, seen:<key>, rate:<key>, subs:<conversation> (a hash by target),
 * subscribers (a set of conversations), status:<conversation>, reminder:<key> ("claimed" with a TTL,
 * then "sent" for good), inbox:<conversation> (a stream capped at INBOX_MAX_ITEMS, living as long as
 * its newest item).
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'workplan:';
    this.clock = options.clock ?? systemClock;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    const report = options.onConnectionError;
    // Without a listener ioredis prints every reconnect failure to the console.
    this.client.on('error', (e: Error) => report?.(e));
  }

  /** Resolves once connected; rejects with StoreUnavailableError after `timeoutMs`. */
  async ready(timeoutMs = 2_000): Promise<void> {
    if (this.client.status === 'ready') return;
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
  }

  async getContext(conversationId: string): Promise<ConversationContext | null> {
    const key = this.key('ctx', conversationId);
    const raw = await this.call('GET', () => this.client.get(key));
    return raw === null ? null : this.decode(key, raw, ConversationContextSchema);
  }

  async setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void> {
    const value = JSON.stringify(ConversationContextSchema.parse(context));
    await this.call('SET', () => this.client.set(this.key('ctx', conversationId), value, 'PX', ttlMs));
  }

  async markSeen(key: string, ttlMs: number): Promise<boolean> {
    const result = await this.call('SET', () =>
      this.client.set(this.key('seen', key), '1', 'PX', ttlMs, 'NX'),
    );
    return result === 'OK';
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const k = this.key('rate', key);
    // The window starts with the first hit; MULTI keeps "start window" and "count" together.
    const results = await this.call('MULTI', () =>
      this.client.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).exec(),
    );
    const count = this.execResult(results, 1);
    if (typeof count !== 'number') throw new StoreCorruptError(`redis key ${k}: not a counter`);
    return count;
  }

  async addSubscription(subscription: Subscription): Promise<boolean> {
    const parsed = SubscriptionSchema.parse(subscription);
    const results = await this.call('MULTI', () =>
      this.client
        .multi()
        .hsetnx(this.key('subs', parsed.conversationId), targetKey(parsed.target), JSON.stringify(parsed))
        .sadd(this.key('subscribers'), parsed.conversationId)
        .exec(),
    );
    return this.execResult(results, 0) === 1;
  }

  async removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number> {
    const removed = await this.call('EVAL', () =>
      this.client.eval(
        REMOVE_SUBSCRIPTIONS,
        2,
        this.key('subs', conversationId),
        this.key('subscribers'),
        target ? targetKey(target) : '',
        conversationId,
      ),
    );
    return Number(removed);
  }

  async listSubscriptions(conversationId: string): Promise<Subscription[]> {
    const key = this.key('subs', conversationId);
    const values = await this.call('HVALS', () => this.client.hvals(key));
    return values.map((raw) => this.decode(key, raw, SubscriptionSchema));
  }

  async allSubscriptions(): Promise<Subscription[]> {
    const ids = await this.call('SMEMBERS', () => this.client.smembers(this.key('subscribers')));
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hvals(this.key('subs', id));
    const results = await this.call('HVALS', () => pipeline.exec());
    return ids.flatMap((id, i) => {
      const values = this.execResult(results, i) as string[];
      return values.map((raw) => this.decode(this.key('subs', id), raw, SubscriptionSchema));
    });
  }

  async getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null> {
    const key = this.key('status', conversationId);
    const raw = await this.call('GET', () => this.client.get(key));
    return raw === null ? null : this.decode(key, raw, SubscriberStatusSchema);
  }

  async setSubscriberStatus(status: SubscriberStatus): Promise<void> {
    const value = JSON.stringify(SubscriberStatusSchema.parse(status));
    await this.call('SET', () => this.client.set(this.key('status', status.conversationId), value));
  }

  async claimReminder(key: string, ttlMs: number): Promise<boolean> {
    // NX also refuses when the key already says "sent", so a sent reminder can never be claimed again.
    const result = await this.call('SET', () =>
      this.client.set(this.key('reminder', key), CLAIMED, 'PX', ttlMs, 'NX'),
    );
    return result === 'OK';
  }

  async markReminderSent(key: string): Promise<void> {
    await this.call('SET', () => this.client.set(this.key('reminder', key), SENT));
  }

  async releaseReminderClaim(key: string): Promise<void> {
    await this.call('EVAL', () => this.client.eval(RELEASE_CLAIM, 1, this.key('reminder', key)));
  }

  async isReminderSent(key: string): Promise<boolean> {
    const k = this.key('reminder', key);
    const value = await this.call('GET', () => this.client.get(k));
    if (value !== null && value !== CLAIMED && value !== SENT)
      throw new StoreCorruptError(`redis key ${k}: unexpected reminder mark`);
    return value === SENT;
  }

  /**
   * A stream, so ids increase in append order whatever the instances' clocks. Each item carries its
   * own expiry, judged on this instance's clock: Redis expires only whole keys, and an inbox must
   * not keep a month-old item alive because a newer one arrived. Clocks that disagree by seconds
   * do not matter at a 30-day TTL.
   */
  async appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string> {
    const parsed = InboxMessageSchema.parse(message);
    const now = this.clock.now().getTime();
    const id = await this.call('EVAL', () =>
      this.client.eval(
        APPEND_INBOX,
        1,
        this.key('inbox', conversationId),
        parsed.key,
        JSON.stringify(parsed),
        String(now + ttlMs),
        String(now),
        String(ttlMs),
        String(INBOX_MAX_ITEMS),
      ),
    );
    if (typeof id !== 'string' || !INBOX_ID.test(id))
      throw new StoreCorruptError(`redis key ${this.key('inbox', conversationId)}: unexpected stream id`);
    return id;
  }

  async readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]> {
    const key = this.key('inbox', conversationId);
    const raw = await this.call('XRANGE', () =>
      this.client.xrange(key, afterId === null ? '-' : `(${afterId}`, '+', 'COUNT', INBOX_MAX_ITEMS),
    );
    const now = this.clock.now().getTime();
    return raw.flatMap((entry) => {
      const parsed = InboxEntrySchema.safeParse(entry);
      if (!parsed.success)
        throw new StoreCorruptError(`redis key ${key}: unexpected stream entry`, { cause: parsed.error });
      const [id, [, , , message, , exp]] = parsed.data;
      return Number(exp) > now ? [{ id, message: this.decode(key, message, InboxMessageSchema) }] : [];
    });
  }

  async ping(): Promise<void> {
    await this.call('PING', () => this.client.ping());
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') {
      await this.client.quit();
    } else {
      this.client.disconnect();
    }
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private async call<T>(command: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof AppError) throw e;
      metrics.inc('workplan_store_errors_total', { store: 'redis' });
      const reason = e instanceof Error ? e.message : 'unknown failure';
      throw new StoreUnavailableError(`redis ${command} failed: ${reason}`, { cause: e });
    }
  }

  /** A MULTI or pipeline answers per command; one failed command fails the operation. */
  private execResult(results: [Error | null, unknown][] | null, index: number): unknown {
    const entry = results?.[index];
    if (!entry) throw new StoreUnavailableError('redis transaction was aborted');
    const [error, value] = entry;
    if (error) {
      metrics.inc('workplan_store_errors_total', { store: 'redis' });
      throw new StoreUnavailableError(`redis command failed: ${error.message}`, { cause: error });
    }
    return value;
  }

  private decode<T>(key: string, raw: string, schema: z.ZodType<T>): T {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new StoreCorruptError(`redis key ${key}: not JSON`, { cause: e });
    }
    const result = schema.safeParse(value);
    if (!result.success)
      throw new StoreCorruptError(`redis key ${key}: unexpected value`, { cause: result.error });
    return result.data;
  }
}
