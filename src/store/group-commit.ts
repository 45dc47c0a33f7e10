/**
 * Durable writes that arrive together share one commit, and so one fsync.
 *
 * A durable write is fsync'ed before its caller hears of it (embedded.ts, Durability). An fsync
 * costs the disk's latency (~1 ms here, more on a busy disk) and better-sqlite3 runs it on the event
 * loop, so a commit of its own per write (a webhook's done mark, once per update) held every other
 * request for that long: the LINE path spent more time in it than in everything else together.
 * Writes queued in one turn of the event loop instead run at the next check phase (setImmediate),
 * each in a savepoint of one transaction, committed once. A caller still hears only after the
 * commit, so what it is told is on disk still is, and one write's failure fails that write alone:
 * its savepoint is rolled back, or, when SQLite gave up the whole transaction (it does on a full disk)
 * or the commit failed, every write of the batch is tried again in a commit of its own, as before
 * group commit (that costs an fsync each, only after a failure).
 */
export interface GroupCommitOptions {
  /**
   * Runs `body` as one durable transaction (synchronous=FULL, committed before it returns) and
   * throws when the commit fails.
   */
  transaction: (body: () => void) => void;
  /** Runs one write in a savepoint of the open transaction: a throw rolls back that write alone. */
  savepoint: <T>(step: () => T) => T;
}

interface Queued {
  step: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly options: GroupCommitOptions) {}

  /** Queues a write; resolves with its result once its batch is committed (rejects with why not). */
  add<T>(step: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ step, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (the store calls it before closing); the callers hear at once. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.options.transaction(() => {
        for (const { step } of batch) {
          try {
            outcomes.push({ ok: true, value: this.options.savepoint(step) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      // Nothing of the batch is on disk: each write on its own, so one that cannot be written
      // does not fail the others.
      else for (const queued of batch) this.commitAlone(queued);
      return;
    }
    batch.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }

  private commitAlone(queued: Queued): void {
    let value: unknown;
    try {
      this.options.transaction(() => {
        value = queued.step();
      });
    } catch (error) {
      queued.reject(error);
      return;
    }
    queued.resolve(value);
  }
}
