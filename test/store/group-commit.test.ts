import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit, type GroupCommitOptions } from '../../src/store/group-commit.ts';

/** A promise settled from outside: the disk's fsync, held until the test lets it finish. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settledYet = async (p: Promise<unknown>) => {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setImmediate(r));
  return settled;
};

describe('group commit of durable writes', () => {
  let db: Database.Database;
  let commits: number;
  let syncs: number;
  const insert = (key: string) => () => db.prepare('INSERT INTO marks VALUES (?)').run(key).changes;
  const keys = () =>
    (db.prepare('SELECT key FROM marks ORDER BY key').all() as { key: string }[]).map((r) => r.key);
  const options = (overrides: Partial<GroupCommitOptions> = {}): GroupCommitOptions => ({
    transaction: (body) => {
      commits += 1;
      db.transaction(body).immediate();
    },
    savepoint: (step) => db.transaction(step)(),
    sync: async () => {
      syncs += 1;
    },
    ...overrides,
  });

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE marks (key TEXT PRIMARY KEY)');
    commits = 0;
    syncs = 0;
  });
  afterEach(() => db.close());

  it('commits and syncs the writes of one event-loop turn once', async () => {
    const group = new GroupCommit(options());
    const results = [group.add(insert('a')), group.add(insert('b')), group.add(insert('c'))];
    expect(keys()).toEqual([]);
    expect(await Promise.all(results)).toEqual([1, 1, 1]);
    expect([commits, syncs]).toEqual([1, 1]);
    expect(keys()).toEqual(['a', 'b', 'c']);
  });

  it('commits writes of later turns in commits of their own', async () => {
    const group = new GroupCommit(options());
    await group.add(insert('a'));
    await group.add(insert('b'));
    expect([commits, syncs]).toEqual([2, 2]);
  });

  it('tells a caller of success only once the sync has finished, and of its failure if it fails', async () => {
    const disk = deferred();
    const group = new GroupCommit(options({ sync: () => disk.promise }));
    const written = group.add(insert('a'));
    expect(await settledYet(written)).toBe(false);
    disk.resolve();
    expect(await written).toBe(1);

    const failing = deferred();
    const unlucky = new GroupCommit(options({ sync: () => failing.promise }));
    const lost = unlucky.add(insert('b'));
    expect(await settledYet(lost)).toBe(false); // committed, its sync under way
    failing.reject(new Error('EIO'));
    await expect(lost).rejects.toThrow('EIO');
  });

  it('fails one write alone, rolling back all of it, while the others of its batch commit', async () => {
    const group = new GroupCommit(options());
    const twoThenDuplicate = () => {
      db.prepare('INSERT INTO marks VALUES (?)').run('x');
      db.prepare('INSERT INTO marks VALUES (?)').run('a'); // already there: the whole write fails
    };
    const first = group.add(insert('a'));
    const failing = group.add(twoThenDuplicate);
    const last = group.add(insert('b'));
    await expect(failing).rejects.toThrow(/UNIQUE/);
    expect(await first).toBe(1);
    expect(await last).toBe(1);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('after a commit that fails, tries each write of the batch in a commit of its own', async () => {
    let refused = false;
    const group = new GroupCommit(
      options({
        // The first commit fails as a whole (as SQLite gives up a transaction on a full disk).
        transaction: (body) => {
          db.transaction(() => {
            body();
            if (!refused) {
              refused = true;
              throw new Error('database or disk is full');
            }
          }).immediate();
        },
      }),
    );
    const results = [group.add(insert('a')), group.add(insert('b'))];
    expect(await Promise.all(results)).toEqual([1, 1]);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('fails every write whose commit keeps failing, none of them acknowledged', async () => {
    const group = new GroupCommit(
      options({
        transaction: () => {
          throw new Error('disk I/O error');
        },
      }),
    );
    const results = [group.add(insert('a')), group.add(insert('b'))];
    for (const result of results) await expect(result).rejects.toThrow(/disk I\/O error/);
    expect(keys()).toEqual([]);
    expect(syncs).toBe(0);
  });

  /** A disk whose every fsync is held until the test settles it; `pending` are those under way. */
  function heldDisk() {
    const pending: ReturnType<typeof deferred>[] = [];
    const sync = () => {
      syncs += 1;
      const fsync = deferred();
      pending.push(fsync);
      return fsync.promise;
    };
    return { sync, pending };
  }
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it('writes queued while a sync is in flight share the next commit and one sync', async () => {
    const disk = heldDisk();
    const group = new GroupCommit(options({ sync: disk.sync }));
    const first = group.add(insert('a'));
    await nextTurn();
    expect([commits, syncs]).toEqual([1, 1]);
    // Three later turns while that fsync runs: they wait, neither committed nor synced.
    const waiting = [group.add(insert('b'))];
    await nextTurn();
    waiting.push(group.add(insert('c')));
    await nextTurn();
    waiting.push(group.add(insert('d')));
    await nextTurn();
    expect([commits, syncs]).toEqual([1, 1]);
    expect(keys()).toEqual(['a']);

    disk.pending[0]!.resolve();
    expect(await first).toBe(1);
    await nextTurn();
    expect([commits, syncs]).toEqual([2, 2]);
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
    expect(await settledYet(Promise.all(waiting))).toBe(false); // committed, its sync under way
    disk.pending[1]!.resolve();
    expect(await Promise.all(waiting)).toEqual([1, 1, 1]);
    expect([commits, syncs]).toEqual([2, 2]);
  });

  it('fails a batch whose sync fails, and commits and syncs the writes that waited behind it', async () => {
    const disk = heldDisk();
    const group = new GroupCommit(options({ sync: disk.sync }));
    const lost = group.add(insert('a'));
    await nextTurn();
    const behind = group.add(insert('b'));
    await nextTurn();
    disk.pending[0]!.reject(new Error('EIO'));
    await expect(lost).rejects.toThrow('EIO');
    await nextTurn();
    expect(syncs).toBe(2);
    disk.pending[1]!.resolve();
    expect(await behind).toBe(1);
  });

  it('flush commits writes waiting behind an in-flight sync, and resolves once they are synced', async () => {
    const disk = heldDisk();
    const group = new GroupCommit(options({ sync: disk.sync }));
    const first = group.add(insert('a'));
    await nextTurn();
    const behind = group.add(insert('b'));
    const flushed = group.flush();
    // At most one sync in flight: 'b' waits for it even when flushed.
    expect(keys()).toEqual(['a']);
    expect(syncs).toBe(1);
    disk.pending[0]!.resolve();
    expect(await first).toBe(1);
    await nextTurn();
    expect(keys()).toEqual(['a', 'b']);
    expect(syncs).toBe(2);
    expect(await settledYet(flushed)).toBe(false);
    disk.pending[1]!.resolve();
    await flushed;
    expect(await behind).toBe(1);
    expect([commits, syncs]).toEqual([2, 2]);
  });

  it('commits what is queued when flushed (a store closing), and waits for its sync', async () => {
    const disk = deferred();
    const group = new GroupCommit(options({ sync: () => disk.promise }));
    const result = group.add(insert('a'));
    const flushed = group.flush();
    expect(keys()).toEqual(['a']);
    expect(await settledYet(flushed)).toBe(false);
    disk.resolve();
    await flushed;
    expect(await result).toBe(1);
  });
});
