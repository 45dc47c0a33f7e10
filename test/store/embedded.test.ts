import { spawn } from 'node:child_process';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { emptyContext } from '../../src/engine/types.ts';
import { StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { describeStoreContract } from './contract.ts';
import { makeEmbeddedHarness, tempDir } from './embedded-harness.ts';

describeStoreContract('embedded', makeEmbeddedHarness);

describe('embedded store on disk', () => {
  let dir: string;
  const clock = new ManualClock('2022-09-20T01:00:00Z');
  const journal = () => join(dir, 'store.jsonl');
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

  it('loads after a crash that tore the last line, keeping everything before it', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.addSubscription(subscription);
    await store.markReminderSent('r1');
    // Simulate the process dying mid-append (no close, half a record on disk).
    await appendFile(journal(), '{"t":"subscribe","subscription":{"conversationId":"tel');
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.listSubscriptions('telegram:1')).toEqual([subscription]);
    expect(await reopened.isReminderSent('r1')).toBe(true);
    expect((await readFile(journal(), 'utf8')).endsWith('\n')).toBe(true);
    await reopened.close();
  });

  it('refuses to start on a corrupt line before the end, naming the file and line', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.addSubscription(subscription);
    await store.markReminderSent('r1');
    await store.close();
    const lines = (await readFile(journal(), 'utf8')).split('\n');
    lines[1] = lines[1]!.slice(0, 20) + '#garbage#';
    await writeFile(journal(), lines.join('\n'));
    const opening = EmbeddedStore.open(dir, { clock });
    await expect(opening).rejects.toThrow(StoreCorruptError);
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(`${journal()}:2:`);
    // Never a silent reset: the file is left as it was for someone to look at.
    expect(await readFile(journal(), 'utf8')).toContain('#garbage#');
  });

  it('refuses a well-formed line that is not one of its records', async () => {
    await writeFile(
      journal(),
      '{"t":"header","version":1}\n{"t":"subscribe","subscription":{}}\n{"t":"sent","key":"x"}\n',
    );
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(/store\.jsonl:2: not a record/);
  });

  it('reads a context saved by another engine version, and never refuses to start over one', async () => {
    const later = clock.now().getTime() + 60_000;
    await writeFile(
      journal(),
      [
        '{"t":"header","version":1}',
        `{"t":"context","id":"old","context":{"lastIntent":"lead","lastTaskIds":["4.1"]},"expiresAt":${later}}`,
        `{"t":"context","id":"odd","context":{"lastIntent":42},"expiresAt":${later}}`,
        '',
      ].join('\n'),
    );
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await store.getContext('old')).toEqual({
      ...emptyContext(),
      lastIntent: 'lead',
      lastTaskIds: ['4.1'],
    });
    await expect(store.getContext('odd')).rejects.toThrow(StoreCorruptError);
    await store.close();
  });

  it('refuses a file that is not its journal at all', async () => {
    await writeFile(journal(), '{"hello":"world"}\n');
    await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreCorruptError);
  });

  it('compacts the journal without losing state, and drops expired entries', async () => {
    const store = await EmbeddedStore.open(dir, { clock, compactAfter: 50 });
    await store.addSubscription(subscription);
    for (let i = 0; i < 120; i++)
      await store.setContext('telegram:1', { ...emptyContext(), lastTaskIds: [String(i)] }, 60_000);
    await store.markSeen('old', 1_000);
    clock.advance(2_000);
    // 122 records were appended; compaction keeps the journal under the threshold plus the live state.
    const lines = (await readFile(journal(), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeLessThan(50);
    await store.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.listSubscriptions('telegram:1')).toEqual([subscription]);
    expect((await reopened.getContext('telegram:1'))?.lastTaskIds).toEqual(['119']);
    expect(await readFile(journal(), 'utf8')).not.toContain('"old"');
    await reopened.close();
  });

  it('keeps live inbox items through compaction and leaves expired ones out of the file', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    const item = (key: string) => ({
      key,
      text: `reminder ${key}`,
      choices: [],
      citations: [],
      createdAt: '2022-09-20T01:00:00.000Z',
    });
    await store.appendInbox('web:a', item('short'), 1_000);
    const kept = await store.appendInbox('web:a', item('long'), 60_000);
    clock.advance(2_000);
    await store.close();
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.readInbox('web:a', null)).toEqual([{ id: kept, message: item('long') }]);
    const file = await readFile(journal(), 'utf8');
    expect(file).toContain('reminder long');
    expect(file).not.toContain('reminder short');
    await reopened.close();
  });

  it('refuses a data directory another live process is using', async () => {
    const other = spawn('sleep', ['30']);
    try {
      await writeFile(join(dir, 'store.lock'), String(other.pid));
      await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(StoreUnavailableError);
      await expect(EmbeddedStore.open(dir, { clock })).rejects.toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    await writeFile(join(dir, 'store.lock'), String(gone.pid));
    const store = await EmbeddedStore.open(dir, { clock });
    expect(await readFile(join(dir, 'store.lock'), 'utf8')).toBe(String(process.pid));
    await store.close();
  });

  it('says it is unavailable once closed', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    await expect(store.addSubscription(subscription)).rejects.toThrow(StoreUnavailableError);
  });
});
