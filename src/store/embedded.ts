import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { ConversationContext } from '../engine/types.ts';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';
import { Journal } from './journal.ts';
import { acquireDirectoryLock, type DirectoryLock } from './lock.ts';
import { FORMAT_VERSION, RecordSchema, type JournalRecord } from './embedded-records.ts';
import {
  compareInboxIds,
  ConversationContextSchema,
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

const JOURNAL_FILE = 'store.jsonl';

export interface EmbeddedStoreOptions {
  /** Durations (TTLs) are measured on this clock: the real one in production, a ManualClock in tests. */
  clock: Clock;
  /** Rewrite the journal after this many appends since the last rewrite. */
  compactAfter?: number;
  /** Told about failures that no caller is waiting for (a background compaction). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * The default store, on local disk under DATA_DIR: an in-memory state rebuilt at start-up from an
 * append-only journal (see journal.ts). Chosen over an embedded database because it needs no native
 * build, every write is one fsync'ed append, and a crash can only tear the last line, which start-up
 * cuts off; anything else wrong in the file stops start-up with the line named instead of resetting.
 *
 * Operations that change state run one at a time: each checks the state, appends its record and
 * only then applies it, so a caller never sees a change that is not on disk, and claims are atomic.
 * Rate-limit windows are kept in memory only: losing a minute's count on restart is harmless, and it
 * saves an fsync on every message; follow-up contexts and delivery seen-marks are appended without
 * an fsync for the same reason (they survive a process crash, not a power loss). One process per DATA_DIR, enforced with a lock file.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;

  private readonly contexts = new Map<string, { context: unknown; expiresAt: number }>();
  private readonly seen = new Map<string, number>();
  private readonly hits = new Map<string, { count: number; expiresAt: number }>();
  private readonly subscriptions = new Map<string, Map<string, Subscription>>();
  private readonly statuses = new Map<string, SubscriberStatus>();
  private readonly claims = new Map<string, number>();
  private readonly sent = new Set<string>();
  private readonly inboxes = new Map<string, (InboxItem & { expiresAt: number })[]>();
  /** The last inbox id issued, so ids keep increasing when the clock stands still or steps back. */
  private lastInboxId = '0-0';

  private queue: Promise<unknown> = Promise.resolve();
  private appendsSinceCompaction = 0;
  private closed = false;

  private constructor(
    private readonly journal: Journal<JournalRecord>,
    private readonly lock: DirectoryLock,
    private readonly options: EmbeddedStoreOptions,
  ) {}

  /** Loads the store under `dir`. Throws StoreCorruptError if the journal cannot be trusted. */
  static async open(dir: string, options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    await mkdir(dir, { recursive: true }).catch((e: unknown) => {
      throw new StoreUnavailableError(`${dir}: cannot create the data directory`, { cause: e });
    });
    const lock = await acquireDirectoryLock(dir);
    try {
      const path = join(dir, JOURNAL_FILE);
      const { journal, records } = await Journal.open(path, (v) => RecordSchema.parse(v));
      const store = new EmbeddedStore(journal, lock, options);
      const [first] = records;
      if (first && first.t !== 'header') {
        await journal.close();
        throw new StoreCorruptError(`${path}:1: missing the store header; refusing to start`);
      }
      for (const record of records) store.apply(record);
      // Start from a compact journal: drops expired entries and writes the header to a new file.
      await store.compact();
      return store;
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  async getContext(conversationId: string): Promise<ConversationContext | null> {
    this.assertOpen();
    const entry = this.contexts.get(conversationId);
    if (!entry || entry.expiresAt <= this.now()) return null;
    const result = ConversationContextSchema.safeParse(entry.context);
    if (!result.success)
      throw new StoreCorruptError(`context of a conversation does not fit this version`, {
        cause: result.error,
      });
    return result.data;
  }

  setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void> {
    return this.change(async () => {
      const parsed = ConversationContextSchema.parse(context);
      // A context lost in a crash costs one follow-up its referent; not worth an fsync per message.
      await this.write(
        { t: 'context', id: conversationId, context: parsed, expiresAt: this.now() + ttlMs },
        { sync: false },
      );
    });
  }

  markSeen(key: string, ttlMs: number): Promise<boolean> {
    return this.change(async () => {
      if ((this.seen.get(key) ?? 0) > this.now()) return false;
      // Written but not fsync'ed: a process crash keeps it (the kernel has it); only a power loss
      // could lose it, and then a redelivered update is answered twice. An fsync per update would
      // cap webhook throughput at the disk's sync rate.
      await this.write({ t: 'seen', key, expiresAt: this.now() + ttlMs }, { sync: false });
      return true;
    });
  }

  async hit(key: string, windowMs: number): Promise<number> {
    this.assertOpen();
    const now = this.now();
    const entry = this.hits.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.hits.set(key, { count: 1, expiresAt: now + windowMs });
      if (this.hits.size > 10_000) this.dropExpiredHits(now);
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  addSubscription(subscription: Subscription): Promise<boolean> {
    return this.change(async () => {
      const parsed = SubscriptionSchema.parse(subscription);
      if (this.subscriptions.get(parsed.conversationId)?.has(targetKey(parsed.target))) return false;
      await this.write({ t: 'subscribe', subscription: parsed });
      return true;
    });
  }

  removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number> {
    return this.change(async () => {
      const own = this.subscriptions.get(conversationId);
      const count = !own ? 0 : target ? (own.has(targetKey(target)) ? 1 : 0) : own.size;
      if (count > 0) await this.write({ t: 'unsubscribe', conversationId, target });
      return count;
    });
  }

  async listSubscriptions(conversationId: string): Promise<Subscription[]> {
    this.assertOpen();
    return [...(this.subscriptions.get(conversationId)?.values() ?? [])];
  }

  async allSubscriptions(): Promise<Subscription[]> {
    this.assertOpen();
    return [...this.subscriptions.values()].flatMap((own) => [...own.values()]);
  }

  async getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null> {
    this.assertOpen();
    return this.statuses.get(conversationId) ?? null;
  }

  setSubscriberStatus(status: SubscriberStatus): Promise<void> {
    return this.change(() => this.write({ t: 'status', status: SubscriberStatusSchema.parse(status) }));
  }

  claimReminder(key: string, ttlMs: number): Promise<boolean> {
    return this.change(async () => {
      if (this.sent.has(key) || (this.claims.get(key) ?? 0) > this.now()) return false;
      await this.write({ t: 'claim', key, expiresAt: this.now() + ttlMs });
      return true;
    });
  }

  markReminderSent(key: string): Promise<void> {
    return this.change(async () => {
      if (!this.sent.has(key)) await this.write({ t: 'sent', key });
    });
  }

  releaseReminderClaim(key: string): Promise<void> {
    return this.change(async () => {
      if (this.claims.has(key)) await this.write({ t: 'release', key });
    });
  }

  async isReminderSent(key: string): Promise<boolean> {
    this.assertOpen();
    return this.sent.has(key);
  }

  appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string> {
    return this.change(async () => {
      const parsed = InboxMessageSchema.parse(message);
      const now = this.now();
      const existing = this.inboxes
        .get(conversationId)
        ?.find((item) => item.message.key === parsed.key && item.expiresAt > now);
      if (existing) return existing.id;
      // Redis's stream id scheme: milliseconds, then a sequence within the same millisecond.
      const [lastMs = 0, lastSeq = 0] = this.lastInboxId.split('-').map(Number);
      const id = now > lastMs ? `${now}-0` : `${lastMs}-${lastSeq + 1}`;
      // Durable like a subscription: this is the only copy of a reminder already marked delivered.
      await this.write({ t: 'inbox', conversationId, id, message: parsed, expiresAt: now + ttlMs });
      return id;
    });
  }

  async readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]> {
    this.assertOpen();
    const now = this.now();
    return (this.inboxes.get(conversationId) ?? [])
      .filter((item) => item.expiresAt > now && (afterId === null || compareInboxIds(item.id, afterId) > 0))
      .map(({ id, message }) => ({ id, message }));
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let writes already accepted finish before the file is closed.
    await this.queue.catch(() => undefined);
    await this.journal.close();
    await this.lock.release();
  }

  /** Runs a state change after every earlier one, so check-append-apply is never interleaved. */
  private change<T>(operation: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.assertOpen();
      try {
        return await operation();
      } catch (e) {
        if (e instanceof StoreUnavailableError)
          metrics.inc('workplan_store_errors_total', { store: 'embedded' });
        throw e;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async write(record: JournalRecord, options?: { sync?: boolean }): Promise<void> {
    await this.journal.append(record, options);
    this.apply(record);
    this.appendsSinceCompaction += 1;
    if (this.appendsSinceCompaction >= (this.options.compactAfter ?? 10_000)) {
      this.appendsSinceCompaction = 0;
      // The record is already durable, so a failed compaction must not fail this operation.
      await this.compact().catch((e: unknown) => {
        metrics.inc('workplan_store_errors_total', { store: 'embedded' });
        const report = this.options.onBackgroundError ?? ((err: unknown) => process.emitWarning(String(err)));
        report(e);
      });
    }
  }

  private apply(record: JournalRecord): void {
    switch (record.t) {
      case 'header':
        return;
      case 'context':
        this.contexts.set(record.id, { context: record.context, expiresAt: record.expiresAt });
        return;
      case 'seen':
        this.seen.set(record.key, record.expiresAt);
        return;
      case 'subscribe': {
        const { conversationId, target } = record.subscription;
        const own = this.subscriptions.get(conversationId) ?? new Map<string, Subscription>();
        own.set(targetKey(target), record.subscription);
        this.subscriptions.set(conversationId, own);
        return;
      }
      case 'unsubscribe': {
        const own = this.subscriptions.get(record.conversationId);
        if (record.target) own?.delete(targetKey(record.target));
        if (!record.target || own?.size === 0) this.subscriptions.delete(record.conversationId);
        return;
      }
      case 'status':
        this.statuses.set(record.status.conversationId, record.status);
        return;
      case 'claim':
        this.claims.set(record.key, record.expiresAt);
        return;
      case 'release':
        this.claims.delete(record.key);
        return;
      case 'sent':
        this.claims.delete(record.key);
        this.sent.add(record.key);
        return;
      case 'inbox': {
        const { conversationId, id, message, expiresAt } = record;
        const items = this.inboxes.get(conversationId) ?? [];
        items.push({ id, message, expiresAt });
        if (items.length > INBOX_MAX_ITEMS) items.splice(0, items.length - INBOX_MAX_ITEMS);
        this.inboxes.set(conversationId, items);
        if (compareInboxIds(id, this.lastInboxId) > 0) this.lastInboxId = id;
        return;
      }
    }
  }

  /** The records that rebuild today's state, expired entries left out. */
  private liveRecords(): JournalRecord[] {
    const now = this.now();
    const records: JournalRecord[] = [{ t: 'header', version: FORMAT_VERSION }];
    for (const [id, { context, expiresAt }] of this.contexts)
      if (expiresAt > now) records.push({ t: 'context', id, context, expiresAt });
    for (const [key, expiresAt] of this.seen)
      if (expiresAt > now) records.push({ t: 'seen', key, expiresAt });
    for (const own of this.subscriptions.values())
      for (const subscription of own.values()) records.push({ t: 'subscribe', subscription });
    for (const status of this.statuses.values()) records.push({ t: 'status', status });
    for (const [key, expiresAt] of this.claims)
      if (expiresAt > now) records.push({ t: 'claim', key, expiresAt });
    for (const key of this.sent) records.push({ t: 'sent', key });
    for (const [conversationId, items] of this.inboxes)
      for (const { id, message, expiresAt } of items)
        if (expiresAt > now) records.push({ t: 'inbox', conversationId, id, message, expiresAt });
    return records;
  }

  private async compact(): Promise<void> {
    const records = this.liveRecords();
    await this.journal.rewrite(records);
    this.appendsSinceCompaction = 0;
    const now = this.now();
    for (const [id, { expiresAt }] of this.contexts) if (expiresAt <= now) this.contexts.delete(id);
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    for (const [key, expiresAt] of this.claims) if (expiresAt <= now) this.claims.delete(key);
    for (const [conversationId, items] of this.inboxes) {
      const live = items.filter((item) => item.expiresAt > now);
      if (live.length > 0) this.inboxes.set(conversationId, live);
      else this.inboxes.delete(conversationId);
    }
  }

  private dropExpiredHits(now: number): void {
    for (const [key, { expiresAt }] of this.hits) if (expiresAt <= now) this.hits.delete(key);
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the embedded store is closed');
  }
}
