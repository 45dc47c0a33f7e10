import { fsync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { ConversationContext } from '../engine/types.ts';
import { StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';
import { DeliveryLeases } from './delivery-leases.ts';
import { decode, inboxCursor, toSubscription } from './embedded-decode.ts';
import { GroupCommit } from './group-commit.ts';
import { importJournal, type JournalImport } from './journal-import.ts';
import { RateWindows } from './rate-windows.ts';
import {
  ConversationContextSchema,
  contextJson,
  InboxMessageSchema,
  SubscriberStatusSchema,
  SubscriptionSchema,
  targetKey,
} from './schemas.ts';
import { isDiskFull, toStoreError } from './sqlite-errors.ts';
import { SqliteInbox } from './sqlite-inbox.ts';
import { DATABASE_FILE, openDatabase, takeServerLock, useWal, type Db } from './sqlite-open.ts';
import { SqliteTables } from './sqlite-tables.ts';
import { SoftContexts } from './soft-contexts.ts';
import type {
  InboxItem,
  InboxMessage,
  Store,
  Subscription,
  SubscriberStatus,
  SubscriptionTarget,
} from './types.ts';

export interface EmbeddedStoreOptions {
  /** Durations (TTLs) are measured on this clock: the real one in production, a ManualClock in tests. */
  clock: Clock;
  /** Expired rows are deleted after this many writes (and at start-up); default 1,000. */
  sweepAfter?: number;
  /**
   * An upper bound on store.db's size (SQLite's max_page_count): a write that would pass it fails
   * as on a full disk. Unset: only the disk limits it.
   */
  maxDatabaseBytes?: number;
  /** Follow-up contexts kept in memory (soft-contexts.ts); default 10,000. */
  contextsInMemory?: number;
  /** Characters of follow-up context JSON kept in memory in all (soft-contexts.ts); default 2,000,000. */
  contextCharsInMemory?: number;
  /** Told about failures that no caller is waiting for (a sweep of expired rows). */
  onBackgroundError?: (error: unknown) => void;
}

// Durability: how much a write must survive. 'durable' (writeDurably): fsync'ed before the caller
// hears of it (a subscription, a sent mark, a done delivery); durable writes that arrive together
// (in one event-loop turn, or while the previous fsync runs) share one commit and one fsync, which
// runs off the event loop (group-commit.ts). 'crash' (write): survives the process dying (kill -9,
// OOM: the commit is in the WAL file, in the kernel's hands) but may be lost with the machine's
// power, for records that an fsync each is too much for and whose loss costs little (a follow-up
// context; a reminder claim, whose holder died with it).
// None: a webhook delivery lease is kept in memory only (delivery-leases.ts), since the server lock
// makes any lease worthless once its process is gone; only its done mark is written.

/**
 * The default store: SQLite (better-sqlite3) in DATA_DIR/store.db.
 *
 * - Each operation that writes store.db is one SQLite transaction (a durable one: a savepoint of a
 *   shared durable commit), committed before its promise resolves: what a caller was told is on
 *   disk, and a failure (a full disk, an I/O error) rolls the whole operation back and rejects
 *   with StoreUnavailableError, so nothing is half-applied.
 * - WAL mode (sqlite-open.ts); synchronous=NORMAL, with the WAL fsync'ed after each durable
 *   commit, off the event loop (see Durability above).
 * - One process per DATA_DIR, across containers too (sqlite-open.ts's server lock). So a delivery
 *   lease is this process's alone and dies with it: leases are kept in memory (delivery-leases.ts),
 *   never written, and after a crash (kill -9) a platform's redelivery of an update that was in
 *   progress is handled at once instead of answered 503 until the lease expires. Leases an older
 *   version wrote into store.db were left by a process that is gone: open drops them. (The Redis
 *   store, shared by live servers, keeps its leases in Redis.)
 * - A journal (store.jsonl) from the store's earlier version is imported at first start and kept,
 *   renamed (journal-import.ts).
 * - Rate windows are in memory (rate-windows.ts).
 * better-sqlite3 is synchronous: an operation runs start to finish without interleaving, so a
 * check-then-write (a claim, a lease) is atomic within the process without a queue.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  /** What the start-up import found, for the log; null when there was no journal. */
  readonly imported: JournalImport | null;
  /**
   * Delivery leases an older version left in store.db unfinished, dropped at open (0 after a clean
   * stop, and always 0 once a database was last used by this version, which writes no leases).
   */
  droppedLeases = 0;

  private readonly tables: SqliteTables;
  private readonly inbox: SqliteInbox;
  private readonly rateWindows = new RateWindows();
  private readonly leases = new DeliveryLeases();
  private readonly contexts: SoftContexts;
  /** Durable writes that arrive together share one commit and fsync (group-commit.ts). */
  private readonly durable: GroupCommit;
  /** The WAL file, opened at the first durable write, for its fsync (see GroupCommit). */
  private walFd: number | null = null;
  private writesSinceSweep = 0;
  private closed = false;

  private constructor(
    private readonly db: Db,
    private readonly lock: Db,
    private readonly options: EmbeddedStoreOptions,
    imported: JournalImport | null,
    private readonly walFile: string,
  ) {
    // No commit waits for the disk on the event loop: a durable write's fsync is its own (syncWal).
    db.pragma('synchronous = NORMAL');
    this.tables = new SqliteTables(db);
    this.inbox = new SqliteInbox(db);
    this.imported = imported;
    this.contexts = new SoftContexts({
      write: (rows) =>
        this.write('setContext', () => {
          for (const r of rows) this.tables.putContext(r.conversationId, r.json, r.expiresAt);
        }),
      now: () => this.now(),
      onError: (e) => this.reportBackground(e),
      capacity: options.contextsInMemory,
      maxChars: options.contextCharsInMemory,
    });
    this.durable = new GroupCommit({
      transaction: (body) => this.db.transaction(body).immediate(),
      savepoint: (step) => {
        // SQLite rolls a whole transaction back on some errors (an I/O error): the writes after it
        // must not run outside it, each in a commit of its own. The batch then fails as a whole.
        if (!this.db.inTransaction) throw new StoreUnavailableError('the batch was rolled back');
        return this.db.transaction(step)();
      },
      sync: () => this.syncWal(),
    });
  }

  /**
   * Opens the store in `dir` (created if missing). Throws StoreUnavailableError when another
   * process holds the directory or the disk refuses, StoreCorruptError when the database or an
   * old journal cannot be trusted (never starting empty instead).
   */
  static async open(dir: string, options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const lock = takeServerLock(dir);
    let db: Db | null = null;
    try {
      const path = join(dir, DATABASE_FILE);
      db = openDatabase(path);
      if (options.maxDatabaseBytes !== undefined) {
        const pageSize = Number(db.pragma('page_size', { simple: true }));
        db.pragma(`max_page_count = ${Math.floor(options.maxDatabaseBytes / pageSize)}`);
      }
      const imported = await importJournal(dir, db, options.clock.now().getTime());
      useWal(db, path);
      const store = new EmbeddedStore(db, lock, options, imported, `${path}-wal`);
      // Start with expired rows and an older version's dead leases gone; on a full disk that can
      // wait, and reads still work.
      store.sweep();
      store.dropDeadLeases();
      return store;
    } catch (e) {
      // A store that did not open holds nothing: not the database, not the lock.
      db?.close();
      lock.close();
      throw toStoreError(`${dir}: opening`, e);
    }
  }

  /** Follow-up contexts are soft state, kept in memory and written within a second (soft-contexts.ts). */
  async getContext(conversationId: string): Promise<ConversationContext | null> {
    this.assertOpen();
    const now = this.now();
    // Written by setContext below from a validated context (or checked when read from store.db):
    // no need to validate it again.
    const known = this.contexts.read(conversationId, now, (json) => JSON.parse(json) as ConversationContext);
    if (known !== undefined) return known;
    const raw = this.read('getContext', () => this.tables.contextRowOf(conversationId, now));
    if (raw === null) return null;
    const context = decode(`context of ${conversationId}`, raw.context, ConversationContextSchema);
    this.contexts.remember(conversationId, JSON.stringify(context), raw.expiresAt, context);
    return context;
  }

  async setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void> {
    this.assertOpen();
    this.contexts.set(conversationId, contextJson(context), this.now() + ttlMs, context);
  }

  async markSeen(key: string, ttlMs: number): Promise<boolean> {
    return this.write('markSeen', () => this.tables.markSeen(key, this.now() + ttlMs, this.now()));
  }

  /** One read of store.db (the done mark); the lease is in memory (delivery-leases.ts). */
  async beginDelivery(key: string, leaseMs: number): Promise<'started' | 'busy' | 'done'> {
    this.assertOpen();
    const now = this.now();
    const lease = this.leases.state(key, now);
    // Its done mark is on its way to disk (finishDelivery): not done yet, and still held.
    if (lease === 'finishing') return 'busy';
    const stored = this.read('beginDelivery', () => this.tables.deliveryState(key, now));
    if (stored === 'done') return 'done';
    // A stored lease is an older version's that open could not drop (a full disk): it runs out.
    if (lease === 'live' || stored === 'leased') return 'busy';
    // No await since the check: nothing else ran in between, so one caller alone gets here.
    this.leases.take(key, now + leaseMs, now);
    return 'started';
  }

  async finishDelivery(key: string, doneTtlMs: number): Promise<void> {
    this.assertOpen();
    this.leases.finishing(key, this.now());
    let written = false;
    try {
      // Durable: a done mark lost to a power cut would have the platform's redelivery answered twice.
      await this.writeDurably('finishDelivery', () =>
        this.tables.putDelivery(key, 'done', this.now() + doneTtlMs),
      );
      written = true;
    } finally {
      // Not written: the lease runs out on its own, as the delivery core expects (a redelivery
      // before then is busy, one after it is answered again).
      this.leases.finished(key, written);
    }
  }

  async abandonDelivery(key: string): Promise<void> {
    this.assertOpen();
    this.leases.drop(key);
  }

  async hit(key: string, windowMs: number): Promise<number> {
    this.assertOpen();
    return this.rateWindows.hit(key, windowMs, this.now());
  }

  async addSubscription(subscription: Subscription): Promise<boolean> {
    const parsed = SubscriptionSchema.parse(subscription);
    return this.writeDurably('addSubscription', () =>
      this.tables.addSubscription({
        conversation_id: parsed.conversationId,
        target_key: targetKey(parsed.target),
        created_at: parsed.createdAt,
      }),
    );
  }

  async removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number> {
    return this.writeDurably('removeSubscriptions', () =>
      this.tables.removeSubscriptions(conversationId, target ? targetKey(target) : null),
    );
  }

  async listSubscriptions(conversationId: string): Promise<Subscription[]> {
    return this.read('listSubscriptions', () => this.tables.subscriptionsOf(conversationId)).map(
      toSubscription,
    );
  }

  async allSubscriptions(): Promise<Subscription[]> {
    return this.read('allSubscriptions', () => this.tables.allSubscriptions()).map(toSubscription);
  }

  async getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null> {
    const raw = this.read('getSubscriberStatus', () => this.tables.statusOf(conversationId));
    return raw === null ? null : decode(`status of ${conversationId}`, raw, SubscriberStatusSchema);
  }

  async setSubscriberStatus(status: SubscriberStatus): Promise<void> {
    const parsed = SubscriberStatusSchema.parse(status);
    await this.writeDurably('setSubscriberStatus', () =>
      this.tables.putStatus(parsed.conversationId, JSON.stringify(parsed)),
    );
  }

  async claimReminder(key: string, ttlMs: number): Promise<boolean> {
    // A claim only keeps two senders apart, and the one process that holds DATA_DIR is the only
    // sender: a claim lost with the power went with its holder. No fsync (the sent mark has one).
    return this.write('claimReminder', () => this.tables.claimReminder(key, this.now() + ttlMs, this.now()));
  }

  async markReminderSent(key: string): Promise<void> {
    await this.writeDurably('markReminderSent', () => this.tables.markSent(key));
  }

  async markRemindersSent(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    // One transaction: every mark commits, or (on any failure) none does.
    await this.writeDurably('markRemindersSent', () => {
      for (const key of keys) this.tables.markSent(key);
    });
  }

  async releaseReminderClaim(key: string): Promise<void> {
    this.write('releaseReminderClaim', () => this.tables.releaseClaim(key));
  }

  async isReminderSent(key: string): Promise<boolean> {
    return this.read('isReminderSent', () => this.tables.isSent(key));
  }

  async appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string> {
    const parsed = InboxMessageSchema.parse(message);
    // No fsync of its own, yet as durable as the sent mark that follows it: the WAL is a log, so the
    // fsync of any later commit makes every earlier one durable too, and a power cut loses only a
    // tail. An item lost that way lost its sent mark with it, and the reminder is pushed again.
    return this.write('appendInbox', () => {
      const now = this.now();
      const existing = this.inbox.inboxIdOf(conversationId, parsed.key, now);
      if (existing !== null) return existing;
      return this.inbox.appendInbox(conversationId, parsed.key, JSON.stringify(parsed), now + ttlMs, now);
    });
  }

  async readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]> {
    const after = inboxCursor(afterId);
    const rows = this.read('readInbox', () => this.inbox.inboxAfter(conversationId, after, this.now()));
    return rows.map((row) => ({
      id: `${row.ms}-${row.seq}`,
      message: decode(`inbox item of ${conversationId}`, row.message, InboxMessageSchema),
    }));
  }

  async ping(): Promise<void> {
    this.read('ping', () => this.db.prepare('SELECT 1').get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // What the contexts' memory holds goes to store.db (a failure is reported); the durable writes
    // still queued commit and sync (their callers hear how it went); later calls are refused.
    this.contexts.flush();
    this.contexts.stop();
    this.closed = true;
    await this.durable.flush();
    // Closing checkpoints the WAL into store.db; the lock goes last, so no one opens it half-closed.
    try {
      if (this.walFd !== null) closeSync(this.walFd);
      this.db.close();
    } finally {
      this.lock.close();
    }
  }

  /** Runs `step` as one transaction at 'crash' durability (no fsync); a failure rolls all of it back. */
  private write<T>(operation: string, step: () => T): T {
    this.assertOpen();
    try {
      const result = this.db.transaction(step).immediate();
      this.sweepNowAndThen();
      return result;
    } catch (e) {
      throw this.failed(operation, e);
    }
  }

  /**
   * Runs `step` durably ('durable': fsync'ed before this resolves), in one commit with the other
   * durable writes queued with it (group-commit.ts); a failure rolls back all of `step`.
   */
  private async writeDurably<T>(operation: string, step: () => T): Promise<T> {
    this.assertOpen();
    try {
      const result = await this.durable.add(step);
      this.sweepNowAndThen();
      return result;
    } catch (e) {
      throw this.failed(operation, e);
    }
  }

  /**
   * fsync(2) of the WAL file on libuv's thread pool: every commit so far becomes durable, as
   * synchronous=FULL's fsync inside the commit would make it, without holding the event loop.
   */
  private syncWal(): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (e: NodeJS.ErrnoException) => {
        metrics.inc('workplan_store_errors_total', { store: 'embedded' });
        reject(
          new StoreUnavailableError(`embedded store: the log could not be synced to disk (${e.code})`, {
            cause: e,
          }),
        );
      };
      try {
        // SQLite keeps the -wal file while a connection is open (a checkpoint truncates, never removes it).
        this.walFd ??= openSync(this.walFile, 'r');
      } catch (e) {
        failed(e as NodeJS.ErrnoException);
        return;
      }
      fsync(this.walFd, (e) => (e ? failed(e) : resolve()));
    });
  }

  /** The store error for a failed write; after a full disk, makes room for the next one. */
  private failed(operation: string, e: unknown): unknown {
    const error = toStoreError(operation, e);
    if (isDiskFull(e)) this.makeRoom();
    return error;
  }

  /**
   * After a full disk: fold the write-ahead log into store.db and cut it to nothing, which gives
   * back the room the log held, so the next write may fit. This operation still failed (and was
   * reported); a checkpoint that cannot run either is reported, and tried again at the next failure.
   */
  private makeRoom(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      this.reportBackground(toStoreError('checkpoint after a full disk', e));
    }
  }

  private read<T>(operation: string, step: () => T): T {
    this.assertOpen();
    try {
      return step();
    } catch (e) {
      throw toStoreError(operation, e);
    }
  }

  /** Expired rows go every `sweepAfter` writes, so reads never see them and the file stays small. */
  private sweepNowAndThen(): void {
    this.writesSinceSweep += 1;
    // The operation already committed: a failed sweep must not fail it.
    if (this.writesSinceSweep >= (this.options.sweepAfter ?? 1_000)) this.sweep();
  }

  /** Deletes expired rows; a failure is reported, not thrown (the next sweep retries). */
  private sweep(): void {
    this.writesSinceSweep = 0;
    const now = this.now();
    try {
      this.db.transaction(() => this.tables.sweep(now)).immediate();
    } catch (e) {
      this.reportBackground(toStoreError('sweep', e));
    }
  }

  /**
   * Drops every delivery lease in store.db, which only an older version wrote: this process holds
   * the server lock, so whoever took them has died before finishing (a finished one is a done mark,
   * kept). A failure is reported; the leases then simply run out.
   */
  private dropDeadLeases(): void {
    try {
      this.droppedLeases = this.db.transaction(() => this.tables.dropAllLeases()).immediate();
    } catch (e) {
      this.reportBackground(toStoreError('dropping the leases of a previous process', e));
    }
  }

  private reportBackground(error: unknown): void {
    const report = this.options.onBackgroundError ?? ((err: unknown) => process.emitWarning(String(err)));
    report(error);
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the embedded store is closed');
  }
}
