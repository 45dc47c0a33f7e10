import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { tempDir } from './embedded-harness.ts';

// The fixtures are journals written by the journal-based embedded store itself (not by hand):
// journal-main.jsonl by main at fee59b1, journal-delivery.jsonl by the same code plus the delivery
// lifecycle records (d2db593), each driven through every operation on a ManualClock set to
// 2026-11-29T08:00:00Z and left unclosed, as a server that is stopped or killed leaves it.
const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const AT = '2026-11-29T08:00:00.000Z';

describe('migrating store.jsonl into SQLite', () => {
  let dir: string;
  let clock: ManualClock;
  const journal = () => join(dir, 'store.jsonl');
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  beforeEach(async () => {
    dir = await tempDir();
    clock = new ManualClock('2026-11-29T08:01:00Z');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports every record kind of a journal written by the journal-based store', async () => {
    await copyFile(fixture('journal-main.jsonl'), journal());
    const store = await EmbeddedStore.open(dir, { clock });
    expect(store.imported).toMatchObject({ records: 69, subscriptions: 53, tornBytes: 0 });

    // Subscriptions: removals replayed, order kept.
    expect(await store.listSubscriptions('telegram:101')).toEqual([
      { conversationId: 'telegram:101', target: { kind: 'agency', agency: '省大数据中心' }, createdAt: AT },
    ]);
    expect(await store.listSubscriptions('telegram:202')).toEqual([]);
    const all = await store.allSubscriptions();
    expect(all).toHaveLength(53);
    expect(all).toContainEqual({ conversationId: 'line:Cgroup1', target: { kind: 'all' }, createdAt: AT });
    expect(all).toContainEqual({
      conversationId: 'web:dev-1',
      target: { kind: 'task', taskId: '2.2' },
      createdAt: AT,
    });
    expect(await store.getSubscriberStatus('line:Cgroup1')).toMatchObject({ disabled: true });
    // Contexts and seen-marks keep their expiry: the short-lived context is gone.
    expect((await store.getContext('telegram:101'))?.lastTaskIds).toEqual(['4.1']);
    expect(await store.getContext('telegram:303')).toBeNull();
    expect(await store.markSeen('telegram:update:1', 60_000)).toBe(false);
    // Reminder marks: held claim still held, released claim free, sent for good.
    expect(await store.claimReminder('held', 60_000)).toBe(false);
    expect(await store.claimReminder('released', 60_000)).toBe(true);
    expect(await store.isReminderSent('sent-one')).toBe(true);
    // The inbox keeps its ids, and new ids follow them.
    const items = await store.readInbox('web:dev-1', null);
    expect(items.map((i) => [i.id, i.message.key])).toEqual([
      ['1795939200000-0', 'r1'],
      ['1795939200005-0', 'r2'],
    ]);
    clock.set('2026-11-29T07:00:00Z'); // a clock that stepped back
    const next = await store.appendInbox(
      'web:dev-1',
      { key: 'r3', text: 't', choices: [], citations: [], createdAt: AT },
      60_000,
    );
    expect(next).toBe('1795939200005-1');
    await store.close();

    // The journal is kept, renamed and unchanged; the next start does not read it again.
    expect(await exists(journal())).toBe(false);
    expect(await readFile(join(dir, 'store.jsonl.bak'), 'utf8')).toBe(
      await readFile(fixture('journal-main.jsonl'), 'utf8'),
    );
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(reopened.imported).toBeNull();
    expect(await reopened.allSubscriptions()).toHaveLength(53);
    await reopened.close();
  });

  it('imports the delivery lifecycle and reminder-set records', async () => {
    await copyFile(fixture('journal-delivery.jsonl'), journal());
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.beginDelivery('telegram:update:2', 60_000)).toBe('done');
    expect(await store.beginDelivery('telegram:update:3', 60_000)).toBe('started');
    // Leased by the process that wrote the journal, which is gone: dropped at open, handled at once.
    expect(store.droppedLeases).toBeGreaterThan(0);
    expect(await store.beginDelivery('line:event:4', 60_000)).toBe('started');
    expect(await store.isReminderSent('set-a')).toBe(true);
    expect(await store.isReminderSent('set-b')).toBe(true);
    await store.close();
  });

  it('leaves out a torn final line, an append that was never acknowledged', async () => {
    await copyFile(fixture('journal-main.jsonl'), journal());
    const torn = '{"t":"subscribe","subscription":{"conversationId":"telegram:torn"';
    await appendFile(journal(), torn);
    const store = await EmbeddedStore.open(dir, { clock });
    expect(store.imported).toMatchObject({ records: 69, tornBytes: torn.length });
    expect(await store.listSubscriptions('telegram:torn')).toEqual([]);
    expect(await store.allSubscriptions()).toHaveLength(53);
    await store.close();
  });

  it('refuses a journal with a bad line before its end, naming it, and imports nothing', async () => {
    const lines = (await readFile(fixture('journal-main.jsonl'), 'utf8')).split('\n');
    lines[3] = lines[3]!.slice(0, 30) + '#garbage#';
    await writeFile(journal(), lines.join('\n'));
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreCorruptError);
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(`${journal()}:4:`);
    // Never a silent reset: the journal stays for someone to look at, and the database is empty.
    expect(await readFile(journal(), 'utf8')).toContain('#garbage#');
    await rm(journal());
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.allSubscriptions()).toEqual([]);
    await store.close();
  });

  it('refuses a file that is not a journal at all', async () => {
    await writeFile(journal(), '{"hello":"world"}\n');
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreCorruptError);
  });

  it('never applies a journal twice, when a crash came between the import and the rename', async () => {
    await copyFile(fixture('journal-main.jsonl'), journal());
    const store = await EmbeddedStore.open(dir, { clock });
    await store.removeSubscriptions('line:Cgroup1', null);
    await store.close();
    // As if the rename had not happened: the journal is back where it was.
    await copyFile(join(dir, 'store.jsonl.bak'), journal());
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.listSubscriptions('line:Cgroup1')).toEqual([]);
    expect(await reopened.allSubscriptions()).toHaveLength(52);
    await reopened.close();
    expect(await exists(journal())).toBe(false);
  });

  it('refuses to migrate while a server of the journal version still runs on the directory', async () => {
    await copyFile(fixture('journal-main.jsonl'), journal());
    const other = spawn('sleep', ['30']);
    try {
      await writeFile(join(dir, 'store.lock'), String(other.pid));
      await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreUnavailableError);
      await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(`in use by process ${other.pid}`);
      expect(await exists(journal())).toBe(true);
    } finally {
      // Gone for good (reaped) before the next open looks at its pid, however slow the machine.
      const gone = once(other, 'exit');
      other.kill();
      await gone;
    }
    // A pid file left by a process that is gone is a crash's leftover: the migration goes ahead.
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.allSubscriptions()).toHaveLength(53);
    await store.close();
    expect(await exists(join(dir, 'store.lock'))).toBe(false);
  });
});
