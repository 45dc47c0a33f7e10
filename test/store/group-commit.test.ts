import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.ts';

describe('group commit of durable writes', () => {
  let db: Database.Database;
  let commits: number;
  let group: GroupCommit;
  const insert = (key: string) => () => db.prepare('INSERT INTO marks VALUES (?)').run(key).changes;
  const keys = () =>
    (db.prepare('SELECT key FROM marks ORDER BY key').all() as { key: string }[]).map((r) => r.key);

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE marks (key TEXT PRIMARY KEY)');
    commits = 0;
    group = new GroupCommit({
      transaction: (body) => {
        commits += 1;
        db.transaction(body).immediate();
      },
      savepoint: (step) => db.transaction(step)(),
    });
  });
  afterEach(() => db.close());

  it('commits the writes of one event-loop turn once, and tells each caller only after that commit', async () => {
    const results = [group.add(insert('a')), group.add(insert('b')), group.add(insert('c'))];
    expect(keys()).toEqual([]);
    expect(await Promise.all(results)).toEqual([1, 1, 1]);
    expect(commits).toBe(1);
    expect(keys()).toEqual(['a', 'b', 'c']);
  });

  it('commits writes of later turns in commits of their own', async () => {
    await group.add(insert('a'));
    await group.add(insert('b'));
    expect(commits).toBe(2);
  });

  it('fails one write alone, rolling back all of it, while the others of its batch commit', async () => {
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
    const once = new GroupCommit({
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
      savepoint: (step) => db.transaction(step)(),
    });
    const results = [once.add(insert('a')), once.add(insert('b'))];
    expect(await Promise.all(results)).toEqual([1, 1]);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('fails every write whose commit keeps failing, none of them acknowledged', async () => {
    const failing = new GroupCommit({
      transaction: () => {
        throw new Error('disk I/O error');
      },
      savepoint: (step) => step(),
    });
    const results = [failing.add(insert('a')), failing.add(insert('b'))];
    for (const result of results) await expect(result).rejects.toThrow(/disk I\/O error/);
    expect(keys()).toEqual([]);
  });

  it('commits at once what is queued when flushed (a store closing)', async () => {
    const result = group.add(insert('a'));
    group.flush();
    expect(keys()).toEqual(['a']);
    expect(await result).toBe(1);
    expect(commits).toBe(1);
  });
});
