import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/core/clock.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import type { Subscription } from '../../src/store/types.ts';
import { tempDir } from './embedded-harness.ts';

// Faults played for real: a disk that fills up, a second process (in its own PID namespace where
// the machine allows one), and kill -9 in the middle of writing.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STORE_PROCESS = fileURLToPath(new URL('./store-process.ts', import.meta.url));

const sub = (i: number): Subscription => ({
  conversationId: `telegram:${i}`,
  target: { kind: 'task', taskId: '4.1' },
  createdAt: '2022-09-20T01:00:00.000Z',
});

/**
 * A store process; `lines` fills with what it prints. Node itself with tsx's loader, not the tsx
 * command, which would run the program in a grandchild that a kill -9 of the child leaves running.
 */
function startStoreProcess(dir: string, mode: 'hold' | 'write' | 'lease', wrapper: string[] = []) {
  const program = [process.execPath, '--import', 'tsx', STORE_PROCESS, dir, mode];
  const [command, ...args] = [...wrapper, ...program] as [string, ...string[]];
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      if (child.exitCode !== null) throw new Error(`store process exited: ${lines.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, lines, until };
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

/** Whether this machine lets the test make its own PID namespace (root, or user namespaces). */
const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']).status === 0;
/** Whether this machine lets the test mount a tmpfs (root in the initial mount namespace). */
const canMountTmpfs = ((): boolean => {
  if (process.platform !== 'linux') return false;
  const probe = join('/tmp', `workplan-mount-probe-${process.pid}`);
  spawnSync('mkdir', ['-p', probe]);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  spawnSync('rmdir', [probe]);
  return mounted;
})();

describe('embedded store faults', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await killHard(child);
    await rm(dir, { recursive: true, force: true });
  });

  // Every acknowledged write here is fsync'ed, a few hundred of them: slow on a busy disk.
  describe('a full disk', { timeout: 120_000 }, () => {
    /** Adds subscriptions until one fails; returns the ones acknowledged and the failure. */
    async function fillUp(
      store: EmbeddedStore,
      from = 0,
    ): Promise<{ acknowledged: number; failure: unknown }> {
      for (let i = from; i < 100_000; i++) {
        try {
          await store.addSubscription(sub(i));
        } catch (e) {
          return { acknowledged: i - from, failure: e };
        }
      }
      throw new Error('the disk never filled up');
    }

    it('fails the operation that does not fit, keeps every one acknowledged, and goes on after', async () => {
      const clock = new ManualClock('2022-09-20T01:00:00Z');
      // SQLite's own size limit, which fails a write exactly as a full disk does (SQLITE_FULL).
      const background: unknown[] = [];
      const onBackgroundError = (e: unknown) => background.push(e);
      let store = await EmbeddedStore.open(dir, { clock, maxDatabaseBytes: 96 * 1024, onBackgroundError });
      const { acknowledged, failure } = await fillUp(store);
      expect(acknowledged).toBeGreaterThan(100);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect((failure as Error).message).toMatch(/disk is full/);
      // The failed operation left nothing behind, and reads still work.
      expect(await store.listSubscriptions(`telegram:${acknowledged}`)).toEqual([]);
      // A reminder set that does not fit is all-or-none, not partly marked.
      const set = Array.from({ length: 200 }, (_, i) => `reminder-set:${i}`);
      await expect(store.markRemindersSent(set)).rejects.toThrow(StoreUnavailableError);
      expect(await store.isReminderSent(set[0]!)).toBe(false);
      await store.close();

      store = await EmbeddedStore.open(dir, { clock });
      const all = await store.allSubscriptions();
      expect(all).toHaveLength(acknowledged);
      expect(all).toContainEqual(sub(acknowledged - 1));
      // With room again, writes succeed.
      expect(await store.addSubscription(sub(acknowledged))).toBe(true);
      await store.close();
    });

    it.skipIf(!canMountTmpfs)('on a tmpfs that fills up, loses nothing acknowledged', async () => {
      const mountPoint = join(dir, 'tmpfs');
      await mkdir(mountPoint);
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mountPoint]).status).toBe(0);
      try {
        const data = join(mountPoint, 'data');
        // Room an operator can free later.
        const filler = join(mountPoint, 'filler');
        await writeFile(filler, Buffer.alloc(64 * 1024));
        const clock = new ManualClock('2022-09-20T01:00:00Z');
        // A checkpoint tried after a failed write may fail too; it is reported, not thrown.
        const background: unknown[] = [];
        const onBackgroundError = (e: unknown) => background.push(e);
        let store = await EmbeddedStore.open(data, { clock, onBackgroundError });
        const acknowledged: number[] = [];
        try {
          const first = await fillUp(store);
          expect(first.failure).toBeInstanceOf(StoreUnavailableError);
          expect((first.failure as Error).message).toMatch(/disk is full/);
          expect(first.acknowledged).toBeGreaterThan(100);
          for (let i = 0; i < first.acknowledged; i++) acknowledged.push(i);
          // Once there is room again, writes go on.
          await rm(filler);
          const from = first.acknowledged + 1;
          const second = await fillUp(store, from);
          expect(second.failure).toBeInstanceOf(StoreUnavailableError);
          expect(second.acknowledged).toBeGreaterThan(0);
          for (let i = from; i < from + second.acknowledged; i++) acknowledged.push(i);
          expect(await store.listSubscriptions(`telegram:${first.acknowledged}`)).toEqual([]);
        } finally {
          await store.close();
        }
        // Restart on the still-full disk: everything acknowledged is there, and reads work.
        for (const e of background) expect(e).toBeInstanceOf(StoreUnavailableError);
        store = await EmbeddedStore.open(data, { clock, onBackgroundError });
        try {
          const all = await store.allSubscriptions();
          expect(all).toHaveLength(acknowledged.length);
          for (const i of [acknowledged[0]!, acknowledged.at(-1)!]) expect(all).toContainEqual(sub(i));
        } finally {
          await store.close();
        }
      } finally {
        spawnSync('umount', [mountPoint]);
      }
    });
  });

  describe('a second process on the same DATA_DIR', () => {
    it('is refused while the first holds it, with a clear message, and let in once it is killed', async () => {
      const holder = startStoreProcess(dir, 'hold');
      children.push(holder.child);
      await holder.until(() => holder.lines.includes('open'));
      await expect(EmbeddedStore.open(dir, { clock: systemClock })).rejects.toThrow(
        /in use by another workplan-bot process/,
      );
      // kill -9 leaves no stale lock: the kernel drops it with the process.
      await killHard(holder.child);
      const store = await EmbeddedStore.open(dir, { clock: systemClock });
      await store.close();
    });

    it.skipIf(!canUnshare)('is refused from another PID namespace, as from another container', async () => {
      const store = await EmbeddedStore.open(dir, { clock: systemClock });
      try {
        const other = startStoreProcess(dir, 'hold', ['unshare', '--pid', '--fork', '--kill-child']);
        children.push(other.child);
        expect(await exitCode(other.child)).toBe(3);
        expect(other.lines.join('\n')).toMatch(/^refused: .* is in use by another workplan-bot process/);
      } finally {
        await store.close();
      }
      // And the other way round: a holder in its own namespace keeps this process out.
      const holder = startStoreProcess(dir, 'hold', ['unshare', '--pid', '--fork', '--kill-child']);
      children.push(holder.child);
      await holder.until(() => holder.lines.includes('open'));
      await expect(EmbeddedStore.open(dir, { clock: systemClock })).rejects.toThrow(StoreUnavailableError);
    });
  });

  it('kill -9 in the middle of writing loses nothing acknowledged and leaves no set half-marked', async () => {
    const writer = startStoreProcess(dir, 'write');
    children.push(writer.child);
    await writer.until(() => writer.lines.length > 150);
    await killHard(writer.child);
    const acknowledged = writer.lines.filter((l) => /^\d+$/.test(l)).map(Number);
    const last = Math.max(...acknowledged);

    const store = await EmbeddedStore.open(dir, { clock: systemClock });
    try {
      for (const i of acknowledged) {
        expect(await store.listSubscriptions(`telegram:${i}`)).toHaveLength(1);
        for (const part of ['a', 'b', 'c'])
          expect(await store.isReminderSent(`telegram:${i}:${part}`)).toBe(true);
      }
      // The steps the kill may have cut: each reminder set is all or none.
      for (const i of [last + 1, last + 2]) {
        const marks = await Promise.all(
          ['a', 'b', 'c'].map((part) => store.isReminderSent(`telegram:${i}:${part}`)),
        );
        expect(new Set(marks).size).toBe(1);
      }
    } finally {
      await store.close();
    }
  });

  it('after kill -9, lets a delivery the dead process left leased start at once, and keeps its done marks', async () => {
    const server = startStoreProcess(dir, 'lease');
    children.push(server.child);
    await server.until(() => server.lines.includes('leased'));
    await killHard(server.child);

    // Long before the 60 s lease would run out: the lease was in the dead process's memory only
    // (the server lock says no other process can hold one), so nothing is left to drop.
    const store = await EmbeddedStore.open(dir, { clock: systemClock });
    try {
      expect(store.droppedLeases).toBe(0);
      expect(await store.beginDelivery('telegram:update:7', 60_000)).toBe('started');
      expect(await store.beginDelivery('telegram:update:8', 60_000)).toBe('done');
    } finally {
      await store.close();
    }
  });

  it('starts when a lock file is left from a crash mid-write of the lock itself', async () => {
    await writeFile(join(dir, 'server.lock'), '');
    const store = await EmbeddedStore.open(dir, { clock: systemClock });
    await store.close();
  });
});
