/**
 * Durable writes that arrive together share one commit and one fsync, and the fsync runs off the
 * event loop.
 *
 * A durable write is on disk before its caller hears of it (embedded.ts, Durability). SQLite's own
 * way (synchronous=FULL) fsyncs inside the commit, and better-sqlite3 runs the commit on the event
 * loop, so every durable write (a webhook's done mark, once per update) held every other request for
 * the disk's latency (~1 ms here, several on a busy disk): the LINE path spent more time there than
 * in everything else together. Instead, classic group commit, with at most one sync in flight:
 * - queued writes run at the next check phase (setImmediate), each in a savepoint of one
 *   transaction, committed once without an fsync (the commit is in the WAL file, in the kernel's
 *   hands);
 * - then the WAL file is fsync'ed on libuv's thread pool (`sync`), which makes that commit and every
 *   earlier one durable, as FULL's fsync would; only then do the callers hear of success;
 * - while that sync is in flight, new writes wait in the queue; when it ends, everything queued
 *   meanwhile is committed as the next transaction and synced with the next single fsync. Under load
 *   (a done mark per webhook event, thousands a second) a batch is then whatever arrived during one
 *   fsync, not one event-loop turn's few writes, so commits and fsyncs per write fall as the load
 *   rises. A write waits at most for the rest of the sync in flight before its own.
 * One write's failure fails that write alone: its savepoint is rolled back, or, when SQLite gave up
 * the whole transaction (it does on a full disk) or the commit failed, every write of the batch is
 * tried again in a commit of its own. A failed fsync fails every write of its batch: the caller is
 * told it may not be on disk (it is in the WAL, and readers see it; a later fsync may still keep it).
 * The writes waiting behind it are not failed: they go in the next commit and fsync.
 */
export interface GroupCommitOptions {
  /** Runs `body` as one transaction, committed (not fsync'ed) before it returns; throws when it fails. */
  transaction: (body: () => void) => void;
  /** Runs one write in a savepoint of the open transaction: a throw rolls back that write alone. */
  savepoint: <T>(step: () => T) => T;
  /** Makes every commit so far durable (an fsync of the WAL file), without blocking the event loop. */
  sync: () => Promise<void>;
}

interface Queued {
  step: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  /** The one sync in flight (it never rejects: its callers hear of a failure), or null. */
  private syncing: Promise<void> | null = null;

  constructor(private readonly options: GroupCommitOptions) {}

  /** Queues a write; resolves with its result once it is committed and synced (rejects with why not). */
  add<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ step, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Commits what is queued, including writes waiting behind a sync in flight, and resolves once
   * every commit so far (and any write queued meanwhile) is synced and its callers told (the store
   * awaits it before closing). Never rejects: the callers hear of failures.
   */
  async flush(): Promise<void> {
    while (this.syncing !== null || this.queue.length > 0) {
      if (this.syncing !== null) await this.syncing;
      else this.commitQueued();
    }
  }

  /** Commits the queue at the next check phase, unless a sync is in flight: its end does that. */
  private schedule(): void {
    if (this.syncing !== null || this.scheduled !== null) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = null;
      this.commitQueued();
    });
  }

  /** Commits every queued write in one transaction and starts its sync (none is in flight). */
  private commitQueued(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const committed = this.commit(batch);
    if (committed.length > 0) this.startSync(committed);
  }

  /** Commits the batch; rejects the writes that failed and returns the ones committed. */
  private commit(batch: Queued[]): { queued: Queued; value: unknown }[] {
    let outcomes: Outcome[];
    try {
      outcomes = this.together(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return [];
      }
      // Nothing of the batch is on disk: each write on its own, so one that cannot be written does
      // not fail the others.
      outcomes = batch.map((queued) => this.alone(queued));
    }
    const committed: { queued: Queued; value: unknown }[] = [];
    batch.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) committed.push({ queued, value: outcome.value });
      else queued.reject(outcome.error);
    });
    return committed;
  }

  /** Syncs the committed writes, tells their callers, then commits what queued up meanwhile. */
  private startSync(committed: { queued: Queued; value: unknown }[]): void {
    let synced: Promise<void>;
    try {
      synced = this.options.sync();
    } catch (error) {
      synced = Promise.reject(error);
    }
    const ended = (tell: () => void) => {
      this.syncing = null;
      tell();
      if (this.queue.length > 0) this.schedule();
    };
    this.syncing = synced.then(
      () => ended(() => committed.forEach(({ queued, value }) => queued.resolve(value))),
      (error: unknown) => ended(() => committed.forEach(({ queued }) => queued.reject(error))),
    );
  }

  /** Every write of the batch in one transaction, each in a savepoint; throws when the commit fails. */
  private together(batch: Queued[]): Outcome[] {
    const outcomes: Outcome[] = [];
    this.options.transaction(() => {
      for (const { step } of batch) {
        try {
          outcomes.push({ ok: true, value: this.options.savepoint(step) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    return outcomes;
  }

  private alone(queued: Queued): Outcome {
    let value: unknown;
    try {
      this.options.transaction(() => {
        value = queued.step();
      });
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
