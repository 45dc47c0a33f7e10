import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { BadInputError, StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import { backupStore, restoreStore } from '../../src/store/backup.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import type { Subscription } from '../../src/store/types.ts';
import { tempDir } from './embedded-harness.ts';

const sub = (conversationId: string): Subscription => ({
  conversationId,
  target: { kind: 'all' },
  createdAt: '2022-09-20T01:00:00.000Z',
});

describe('embedded store backup and restore', () => {
  let dir: string;
  let elsewhere: string;
  const clock = new ManualClock('2022-09-20T01:00:00Z');
  beforeEach(async () => {
    dir = await tempDir();
    elsewhere = await tempDir();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('backs up a running store as of that moment, and restores it once the server stops', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.addSubscription(sub('telegram:before'));
    await store.markReminderSent('r1');
    const file = join(elsewhere, 'backup.db');
    const { pages } = await backupStore(dir, file);
    expect(pages).toBeGreaterThan(0);
    await store.addSubscription(sub('telegram:after'));
    // While the server holds DATA_DIR, restore refuses and changes nothing.
    await expect(restoreStore(dir, file)).rejects.toThrow(StoreUnavailableError);
    await expect(restoreStore(dir, file)).rejects.toThrow(/in use by another workplan-bot process/);
    expect(await store.allSubscriptions()).toHaveLength(2);
    await store.close();

    const { previous } = await restoreStore(dir, file);
    const restored = await EmbeddedStore.open(dir, { clock });
    expect(await restored.allSubscriptions()).toEqual([sub('telegram:before')]);
    expect(await restored.isReminderSent('r1')).toBe(true);
    await restored.close();
    // The database it replaced is kept, whole (its WAL folded in).
    expect(previous).toMatch(/store\.db\.before-restore-/);
    const keptStore = await openCopy(previous!, join(elsewhere, 'kept'));
    expect(await keptStore.allSubscriptions()).toHaveLength(2);
    await keptStore.close();
  });

  it('refuses to overwrite a file, or to back up a store that does not exist', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.close();
    const file = join(elsewhere, 'backup.db');
    await writeFile(file, 'precious');
    await expect(backupStore(dir, file)).rejects.toThrow(BadInputError);
    await expect(backupStore(join(elsewhere, 'nothing'), join(elsewhere, 'b.db'))).rejects.toThrow(
      /no embedded store/,
    );
  });

  it('refuses to restore what is not a store backup, before changing anything', async () => {
    const store = await EmbeddedStore.open(dir, { clock });
    await store.addSubscription(sub('telegram:1'));
    await store.close();
    const junk = join(elsewhere, 'junk.db');
    await writeFile(junk, 'not a database at all, but long enough to be read as a header\n'.repeat(40));
    await expect(restoreStore(dir, junk)).rejects.toThrow(StoreCorruptError);
    await expect(restoreStore(dir, join(elsewhere, 'missing.db'))).rejects.toThrow(BadInputError);
    expect((await readdir(dir)).filter((f) => f.includes('before-restore'))).toEqual([]);
    const reopened = await EmbeddedStore.open(dir, { clock });
    expect(await reopened.allSubscriptions()).toHaveLength(1);
    await reopened.close();
  });
});

/** Opens a copy of a database file as a store of its own directory. */
async function openCopy(file: string, dir: string): Promise<EmbeddedStore> {
  await mkdir(dir, { recursive: true });
  await copyFile(file, join(dir, 'store.db'));
  return EmbeddedStore.open(dir, { clock: new ManualClock('2022-09-20T01:00:00Z') });
}
