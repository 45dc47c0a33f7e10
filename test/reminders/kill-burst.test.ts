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

const SUBSCRIBERS = 300;
const START = '2022-09-23T09:00:00+08:00';
const conversations = Array.from({ length: SUBSCRIBERS }, (_, i) => `web:burst${i}`);

/** Runs burst-child.ts; `onLine` sees each line it prints. */
function child(dir: string, start: string, onLine: (line: string) => void = () => undefined): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/reminders/burst-child.ts', dir, start], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (proc.stdout) createInterface({ input: proc.stdout }).on('line', onLine);
  return proc;
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kill -9 in a reminder burst', () => {
  it('neither repeats nor loses a reminder once a new process has finished the burst', async () => {
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

    // The first process is killed mid-burst, after some reminders went out.
    let sent = 0;
    const first = child(dir, START, (line) => {
      if (line.includes('"reminder sent"')) sent += 1;
      if (sent === 40) first.kill('SIGKILL');
    });
    const [, signal] = (await once(first, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    expect(sent).toBeGreaterThanOrEqual(40);
    expect(sent).toBeLessThan(SUBSCRIBERS);

    // The next starts once the dead process's lock on the conversation it was sending to has expired.
    const later = new Date(new Date(START).getTime() + DEFAULT_CLAIM_TTL_MS + 1_000).toISOString();
    let summary = '';
    const second = child(dir, later, (line) => {
      if (line.includes('"done"')) summary = line;
    });
    const [code] = (await once(second, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(JSON.parse(summary)).toMatchObject({ done: true });

    const store = await createStore(
      { DATA_DIR: dir, REDIS_URL: undefined },
      {
        logger: createLogger('silent'), // Expiries were set on the children's (plan-shifted) clock.
        clock: new ManualClock(later),
      },
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
  }, 120_000);
});
