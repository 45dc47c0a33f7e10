import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManualClock } from '../../src/core/clock.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import type { StoreHarness } from './contract.ts';

export const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'workplan-store-'));

/** An embedded store in a fresh temporary DATA_DIR, measuring its TTLs on `clock`. */
export async function makeEmbeddedHarness(clock: ManualClock): Promise<StoreHarness> {
  const dir = await tempDir();
  let store = await EmbeddedStore.open(dir, { clock });
  return {
    store,
    elapse: async (ms) => clock.advance(ms),
    reopen: async () => {
      await store.close();
      store = await EmbeddedStore.open(dir, { clock });
      return store;
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
