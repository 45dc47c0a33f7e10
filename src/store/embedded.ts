import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { ConversationContext } from '../engine/types.ts';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';
import { Journal } from './journal.ts';
import { acquireDirectoryLock, type DirectoryLock } from './lock.ts';
import { RateWindows } from './embedded-rate-windows.ts';
import { RecordSchema, type JournalRecord } from './embedded-records.ts';
import { EmbeddedState } from './embedded-state.ts';
import {
  ConversationContextSchema,
  InboxMessageSchema,
  SubscriberStatusSchema,
  SubscriptionSchema,
} from './schemas.ts';
import {
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
 * The default store, on local disk under DATA_DIR: an in-memory state (embedded-state.ts) rebuilt at
 * start-up from an append-only journal (journal.ts; its records in embedded-records.ts). Chosen over
 * an embedded database because it needs no native build, every write is one append (fsync'ed, except
 * as below), and a crash can only tear the last line, which start-up cuts off; anything else wrong in
 * the file stops start-up with the line named instead of resetting.
 *
 * Operations that change state run one at a time: each checks the state, appends its record and
 * only then applies it, so a caller never sees a change that is not on disk, and claims are atomic.
 * Rate-limit windows are kept in memory only (embedded-rate-windows.ts): losing a minute's count on
 * restart is harmless, and it saves an fsync on every message; follow-up contexts and delivery
 * seen-marks are appended without an fsync for the same reason (they survive a process crash, not a
 * power loss). One process per DATA_DIR, enforced with a lock file.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;

  private readonly state = new EmbeddedState();
  private readonly rateWindows = new RateWindows();

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
    let journal: Journal<JournalRecord> | null = null;
    try {
      const path = join(dir, JOURNAL_FILE);
      const opened = await Journal.open(path, (v) => RecordSchema.parse(v));
      journal = opened.journal;
      const store = new EmbeddedStore(journal, lock, options);
      const [first] = opened.records;
      if (first && first.t !== 'header')
        throw new StoreCorruptError(`${path}:1: missing the store header; refusing to start`);
      for (const record of opened.records) store.state.apply(record);
      // Start from a compact journal: drops expired entries and writes the header to a new file.
      await store.compact();
      return store;
    } catch (e) {
      // A store that did not open holds nothing: not the journal's file handle, not the lock.
      await journal?.close();
      await lock.release();
      throw e;
    }
  }

  async getContext(conversationId: string): Promise<ConversationContext | null> {
    this.assertOpen();
    const entry = this.state.liveContext(conversationId, this.now());
    if (!entry) return null;
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
      if (this.state.isSeen(key, this.now())) return false;
      // Written but not fsync'ed: a process crash keeps it (the kernel has it); only a power loss
      // could lose it, and then a redelivered update is answered twice. An fsync per update would
      // cap webhook throughput at the disk's sync rate.
      await this.write({ t: 'seen', key, expiresAt: this.now() + ttlMs }, { sync: false });
      return true;
    });
  }

  beginDelivery(key: string, leaseMs: number): Promise<'started' | 'busy' | 'done'> {
    return this.change(async () => {
      const state = this.state.deliveryState(key, this.now());
      if (state === 'done') return 'done';
      if (state === 'leased') return 'busy';
      // Not fsync'ed, like a seen-mark: a lease lost to a power cut only lets a redelivery in sooner.
      await this.write(
        { t: 'delivery', key, state: 'leased', expiresAt: this.now() + leaseMs },
        { sync: false },
      );
      return 'started';
    });
  }

  finishDelivery(key: string, doneTtlMs: number): Promise<void> {
    return this.change(() =>
      this.write({ t: 'delivery', key, state: 'done', expiresAt: this.now() + doneTtlMs }),
    );
  }

  abandonDelivery(key: string): Promise<void> {
    return this.change(async () => {
      if (this.state.deliveryState(key, this.now()) === 'leased')
        await this.write({ t: 'abandon', key }, { sync: false });
    });
  }

  async hit(key: string, windowMs: number): Promise<number> {
    this.assertOpen();
    return this.rateWindows.hit(key, windowMs, this.now());
  }

  addSubscription(subscription: Subscription): Promise<boolean> {
    return this.change(async () => {
      const parsed = SubscriptionSchema.parse(subscription);
      if (this.state.hasSubscription(parsed.conversationId, parsed.target)) return false;
      await this.write({ t: 'subscribe', subscription: parsed });
      return true;
    });
  }

  removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number> {
    return this.change(async () => {
      const count = this.state.countSubscriptions(conversationId, target);
      if (count > 0) await this.write({ t: 'unsubscribe', conversationId, target });
      return count;
    });
  }

  async listSubscriptions(conversationId: string): Promise<Subscription[]> {
    this.assertOpen();
    return this.state.subscriptionsOf(conversationId);
  }

  async allSubscriptions(): Promise<Subscription[]> {
    this.assertOpen();
    return this.state.allSubscriptions();
  }

  async getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null> {
    this.assertOpen();
    return this.state.statusOf(conversationId);
  }

  setSubscriberStatus(status: SubscriberStatus): Promise<void> {
    return this.change(() => this.write({ t: 'status', status: SubscriberStatusSchema.parse(status) }));
  }

  claimReminder(key: string, ttlMs: number): Promise<boolean> {
    return this.change(async () => {
      if (this.state.isReminderTaken(key, this.now())) return false;
      await this.write({ t: 'claim', key, expiresAt: this.now() + ttlMs });
      return true;
    });
  }

  markReminderSent(key: string): Promise<void> {
    return this.change(async () => {
      if (!this.state.isSent(key)) await this.write({ t: 'sent', key });
    });
  }

  markRemindersSent(keys: string[]): Promise<void> {
    return this.change(async () => {
      const unsent = [...new Set(keys)].filter((key) => !this.state.isSent(key));
      if (unsent.length > 0) await this.write({ t: 'sentAll', keys: unsent });
    });
  }

  releaseReminderClaim(key: string): Promise<void> {
    return this.change(async () => {
      if (this.state.hasClaim(key)) await this.write({ t: 'release', key });
    });
  }

  async isReminderSent(key: string): Promise<boolean> {
    this.assertOpen();
    return this.state.isSent(key);
  }

  appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string> {
    return this.change(async () => {
      const parsed = InboxMessageSchema.parse(message);
      const now = this.now();
      const existing = this.state.inboxIdOf(conversationId, parsed.key, now);
      if (existing !== null) return existing;
      const id = this.state.nextInboxId(now);
      // Durable like a subscription: this is the only copy of a reminder already marked delivered.
      await this.write({ t: 'inbox', conversationId, id, message: parsed, expiresAt: now + ttlMs });
      return id;
    });
  }

  async readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]> {
    this.assertOpen();
    return this.state.inboxAfter(conversationId, afterId, this.now());
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let writes already accepted finish before the file is closed (the queue never rejects).
    await this.queue;
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
    // The caller gets this operation's failure through `result`; the queue only orders the next one.
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async write(record: JournalRecord, options?: { sync?: boolean }): Promise<void> {
    await this.journal.append(record, options);
    this.state.apply(record);
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

  /** Rewrites the journal with only the live records, then forgets in memory what it left out. */
  private async compact(): Promise<void> {
    await this.journal.rewrite(this.state.liveRecords(this.now()));
    this.appendsSinceCompaction = 0;
    this.state.dropExpired(this.now());
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the embedded store is closed');
  }
}
