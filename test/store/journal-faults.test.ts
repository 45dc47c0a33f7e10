import type { PathLike } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { tempDir } from './embedded-harness.ts';

/** Directories whose fsync fails (as on some network and FUSE file systems). */
const unsyncable = new Set<string>();

// Fault injection in the file system only: the journal and the store run as they are.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (path: PathLike, flags?: string | number, mode?: number) => {
      const handle = await fs.open(path, flags, mode);
      if (flags === 'r' && unsyncable.has(String(path))) {
        return Object.assign(Object.create(handle) as typeof handle, {
          sync: () => Promise.reject(Object.assign(new Error('EINVAL: fsync'), { code: 'EINVAL' })),
          close: () => handle.close(),
        });
      }
      return handle;
    },
  };
});

describe('a compaction whose directory sync fails', () => {
  let dir = '';
  afterEach(async () => {
    unsyncable.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('is reported, and the writes after it still reach the journal', async () => {
    dir = await tempDir();
    const clock = new ManualClock('2022-09-20T01:00:00Z');
    const failures: unknown[] = [];
    const store = await EmbeddedStore.open(dir, {
      clock,
      compactAfter: 3,
      onBackgroundError: (e) => failures.push(e),
    });
    unsyncable.add(dir);
    for (const key of ['a', 'b', 'c']) await store.markReminderSent(key);
    expect(failures).toHaveLength(1);
    unsyncable.clear();
    await store.markReminderSent('after');
    await store.close();

    expect(await readFile(join(dir, 'store.jsonl'), 'utf8')).toContain('"after"');
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.isReminderSent('after')).toBe(true);
    await reopened.close();
  });
});
