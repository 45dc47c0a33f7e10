import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/log.ts';
import { DEFAULT_CLAIM_TTL_MS } from '../../src/reminders/scheduler.ts';
import { createStore } from '../../src/store/create.ts';
import { tempDir } from '../store/embedded-harness.ts';

const SUBSCRIBERS = 100;
const START = '2022-09-23T09:00:00+08:00';
const conversations = Array.from({ length: SUBSCRIBERS }, (_, i) => `web:burst${i}`);

/** Runs burst-child.ts (held open at `dieAt`, see there); `onLine` sees each line it prints. */
function child(
  dir: string,
  start: string,
  dieAt: string | null,
  onLine: (line: string) => void,
): ChildProcess {
  const args = ['--import', 'tsx', 'test/reminders/burst-child.ts', dir, start, ...(dieAt ? [dieAt] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  if (proc.stdout) createInterface({ input: proc.stdout }).on('line', onLine);
  return proc;
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kill -9 in a reminder burst', () => {
  it.each([
    ['as a push starts', 'before:40'],
    ['after the platform accepted a push, before its sent marks were written', 'after:40'],
  ])(
    'neither repeats nor loses a reminder when killed %s',
    async (_when, dieAt) => {
      dir = await tempDir();
      const setup = await createStore(
        { DATA_DIR: dir, REDIS_URL: undefined },
        { logger: createLogger('silent') },
      );
      for (const conversationId of conversations)
        await setup.addSubscription({
          conversationId,
          target: { kind: 'all' },
          createdAt: '2022-09-01T00:00:00Z',
        });
      await setup.close();

      // The first process is killed mid-burst, after 39 reminders went out and were marked sent: it
      // holds its 40th push open (before or after the inbox took it) and says so; then kill -9.
      let held = false;
      const first = child(dir, START, dieAt, (line) => {
        if (!line.includes('"holding":40')) return;
        held = true;
        first.kill('SIGKILL');
      });
      const [, signal] = (await once(first, 'exit')) as [number | null, string | null];
      expect(held).toBe(true);
      expect(signal).toBe('SIGKILL');

      // The next starts once the dead process's lock on the conversation it was sending to has expired.
      const later = new Date(new Date(START).getTime() + DEFAULT_CLAIM_TTL_MS + 1_000).toISOString();
      let summary = '';
      const second = child(dir, later, null, (line) => {
        if (line.includes('"done"')) summary = line;
      });
      const [code] = (await once(second, 'exit')) as [number | null];
      expect(code).toBe(0);
      // The 39 marked ones are not sent again; the 40th is (its outcome was unknown), under the same
      // retry key, so an inbox that took it the first time keeps one item.
      expect(JSON.parse(summary)).toMatchObject({ done: true, sent: SUBSCRIBERS - 39 });

      const store = await createStore(
        { DATA_DIR: dir, REDIS_URL: undefined },
        // Expiries were set on the children's (plan-shifted) clock.
        { logger: createLogger('silent'), clock: new ManualClock(later) },
      );
      try {
        for (const conversationId of conversations) {
          const items = await store.readInbox(conversationId, null);
          expect(items, conversationId).toHaveLength(1);
          expect(items[0]?.message.text).toContain('9月底前');
        }
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
