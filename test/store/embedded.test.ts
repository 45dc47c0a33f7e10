import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { emptyContext } from '../../src/engine/types.ts';
import { StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { describeStoreContract } from './contract.ts';
import { makeEmbeddedHarness, tempDir } from './embedded-harness.ts';

describeStoreContract('embedded', makeEmbeddedHarness);

describe('embedded store on disk (SQLite)', () => {
  let dir: string;
  const clock = new ManualClock('2022-09-20T01:00:00Z');
  const database = () => join(dir, 'store.db');
  const subscription = {
    conversationId: 'telegram:1',
    target: { kind: 'task', taskId: '4.1' },
    createdAt: '2022-09-20T01:00:00.000Z',
  } as const;

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data in store.db in WAL mode', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.addSubscription(subscription);
    // A reader beside the server (as a backup is) sees what was committed.
    const reader = new Database(database(), { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reader.prepare('SELECT count(*) AS n FROM subscriptions').get()).toEqual({ n: 1 });
    reader.close();
    await store.close();
  });

  it('refuses a second opener of the same DATA_DIR, and lets one in once the first closes', async () => {
    const first = await EmbeddedStore.open(dir, { clock });
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreUnavailableError);
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(/is in use by another workplan-bot/);
    // The refused opener changed nothing: the first one still works.
    await first.addSubscription(subscription);
    await first.close();
    const second = await EmbeddedStore.open(dir, { clock });
    expect(await second.listSubscriptions('telegram:1')).toEqual([subscription]);
    await second.close();
  });

  it('reads a context saved by another engine version, and never refuses to start over one', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    const later = clock.now().getTime() + 60_000;
    const db = new Database(database());
    const put = db.prepare('INSERT INTO contexts VALUES (?, ?, ?)');
    put.run('old', JSON.stringify({ lastIntent: 'lead', lastTaskIds: ['4.1'] }), later);
    put.run('odd', JSON.stringify({ lastIntent: 42 }), later);
    db.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.getContext('old')).toEqual({
      ...emptyContext(),
      lastIntent: 'lead',
      lastTaskIds: ['4.1'],
    });
    await expect(reopened.getContext('odd')).rejects.toThrow(StoreCorruptError);
    await reopened.close();
  });

  it('refuses a store.db that is not a database, and leaves it as it was', async () => {
    await writeFile(
      database(),
      'this is not a SQLite database, but it is long enough to be read as one\n'.repeat(20),
    );
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreCorruptError);
    // The lock was let go: the refusal is about the file, not about another process.
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(/damaged/);
  });

  it('refuses a database written by a newer version', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    const db = new Database(database());
    db.pragma('user_version = 99');
    db.close();
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(/newer workplan-bot/);
  });

  it('deletes expired rows as it goes, and at start-up', async () => {
    const store = await EmbeddedStore.open(dir, { clock, sweepAfter: 10 });
    for (let i = 0; i < 5; i++) await store.markSeen(`old${i}`, 1_000);
    await store.setContext('telegram:1', emptyContext(), 1_000);
    clock.advance(2_000);
    const count = (table: string): unknown => {
      const reader = new Database(database(), { readonly: true });
      try {
        return (reader.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    expect(count('seen')).toBe(5);
    // The tenth write sweeps (a context is not a write of its own: soft-contexts.ts).
    for (let i = 0; i < 5; i++) await store.markSeen(`new${i}`, 60_000);
    expect(count('seen')).toBe(5);
    expect(count('contexts')).toBe(0);
    await store.markSeen('short', 1_000);
    await store.close();
    clock.advance(2_000);
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(count('seen')).toBe(5);
    await reopened.close();
  });

  it('commits durable writes made together, each kept or failed alone, and keeps them across a restart', async () => {
    const store = await EmbeddedStore.open(dir, { clock, maxDatabaseBytes: 96 * 1024 });
    await store.beginDelivery('line:event:1', 10_000);
    // One turn of the event loop: a done mark, a subscription, and a reminder set too big to fit.
    const tooBig = Array.from({ length: 5_000 }, (_, i) => `reminder:${i}:${'x'.repeat(40)}`);
    const [done, added, marked] = await Promise.allSettled([
      store.finishDelivery('line:event:1', 60_000),
      store.addSubscription(subscription),
      store.markRemindersSent(tooBig),
    ]);
    expect(done.status).toBe('fulfilled');
    expect(added).toEqual({ status: 'fulfilled', value: true });
    expect(marked.status).toBe('rejected');
    expect((marked as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
    expect(await store.isReminderSent(tooBig[0]!)).toBe(false);
    await store.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.beginDelivery('line:event:1', 10_000)).toBe('done');
    expect(await reopened.listSubscriptions('telegram:1')).toEqual([subscription]);
    await reopened.close();
  });

  it('drops the delivery leases an older version left in store.db, and says how many', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    // As the version that kept leases in store.db left them when it was killed mid-update.
    const later = clock.now().getTime() + 60_000;
    const db = new Database(database());
    const put = db.prepare('INSERT INTO deliveries VALUES (?, ?, ?)');
    put.run('telegram:update:7', 'leased', later);
    put.run('telegram:update:8', 'done', later);
    db.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(reopened.droppedLeases).toBe(1);
    expect(await reopened.beginDelivery('telegram:update:7', 10_000)).toBe('started');
    expect(await reopened.beginDelivery('telegram:update:8', 10_000)).toBe('done');
    await reopened.close();
  });

  it('writes no delivery lease to store.db, only the done mark', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.beginDelivery('line:event:1', 10_000)).toBe('started');
    const rows = () => {
      const reader = new Database(database(), { readonly: true });
      try {
        return reader.prepare('SELECT key, state FROM deliveries').all();
      } finally {
        reader.close();
      }
    };
    expect(rows()).toEqual([]);
    await store.finishDelivery('line:event:1', 60_000);
    expect(rows()).toEqual([{ key: 'line:event:1', state: 'done' }]);
    await store.close();
  });

  it('holds a delivery as busy while its done mark is being written, then says done', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.beginDelivery('line:event:1', 10_000)).toBe('started');
    const finished = store.finishDelivery('line:event:1', 60_000);
    // Even past the lease's expiry: the mark is on its way, and a redelivery now would be answered twice.
    clock.advance(20_000);
    expect(await store.beginDelivery('line:event:1', 10_000)).toBe('busy');
    await store.abandonDelivery('line:event:1');
    expect(await store.beginDelivery('line:event:1', 10_000)).toBe('busy');
    await finished;
    expect(await store.beginDelivery('line:event:1', 10_000)).toBe('done');
    await store.close();
  });

  it('at close, commits and syncs the durable writes still queued, behind a sync or not', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    const sub = (i: number) => ({ ...subscription, conversationId: `telegram:${i}` });
    // Writes over several turns, so that some wait behind the fsync of earlier ones when close comes.
    const writes: Promise<boolean>[] = [];
    for (let i = 0; i < 40; i++) {
      writes.push(store.addSubscription(sub(i)));
      if (i % 10 === 9) await new Promise((r) => setImmediate(r));
    }
    await store.close();
    expect(await Promise.allSettled(writes)).toEqual(
      writes.map(() => ({ status: 'fulfilled', value: true })),
    );
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.allSubscriptions()).toHaveLength(40);
    await reopened.close();
  });

  it('says it is unavailable once closed', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    await expect(store.addSubscription(subscription)).rejects.toThrow(StoreUnavailableError);
    await expect(store.listSubscriptions('telegram:1')).rejects.toThrow(StoreUnavailableError);
  });
});

describe('follow-up contexts in the embedded store (soft state, soft-contexts.ts)', () => {
  let dir: string;
  const clock = new ManualClock('2022-09-20T01:00:00Z');
  const context = { ...emptyContext(), lastIntent: 'lead' as const, lastTaskIds: ['4.1'] };
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are written to store.db when the store closes, so a graceful stop keeps them', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.setContext('web:a', context, 60_000);
    await store.setContext('web:b', { ...context, lastTaskIds: ['3.3'] }, 60_000);
    await store.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.getContext('web:a')).toEqual(context);
    expect(await reopened.getContext('web:b')).toEqual({ ...context, lastTaskIds: ['3.3'] });
    await reopened.close();
  });

  it('keep only so many conversations in memory; the others are read back from store.db', async () => {
    const store = await EmbeddedStore.open(dir, { clock, contextsInMemory: 3 });
    for (let i = 0; i < 10; i += 1)
      await store.setContext(`web:${i}`, { ...context, lastTaskIds: [`${i}.1`] }, 60_000);
    for (let i = 0; i < 10; i += 1)
      expect((await store.getContext(`web:${i}`))?.lastTaskIds).toEqual([`${i}.1`]);
    // Read back from store.db, a context still expires on time.
    clock.advance(60_001);
    expect(await store.getContext('web:0')).toBeNull();
    expect(await store.getContext('web:9')).toBeNull();
    await store.close();
  });

  it('are not written once expired', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.setContext('web:short', context, 1_000);
    clock.advance(2_000);
    await store.close();
    const reader = new Database(join(dir, 'store.db'), { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM contexts').get()).toEqual({ n: 0 });
    reader.close();
  });
});
