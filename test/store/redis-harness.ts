import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ManualClock } from '../../src/core/clock.ts';
import { RedisStore } from '../../src/store/redis.ts';
import type { StoreHarness } from './contract.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A unique key prefix per test, so tests share the one Redis without seeing each other's keys. */
export const uniquePrefix = (): string => `workplan-test:${randomUUID()}:`;

/**
 * Redis expiries run on Redis's own clock, which a test cannot move; instead `elapse` shortens every
 * key's remaining TTL by `ms` (deleting those that would have expired), which is what time passing
 * does to them.
 */
export async function elapseRedis(admin: Redis, prefix: string, ms: number): Promise<void> {
  for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) {
    for (const key of keys) {
      const left = await admin.pttl(key);
      if (left < 0) continue; // no expiry
      if (left <= ms) await admin.del(key);
      else await admin.pexpire(key, left - ms);
    }
  }
}

export async function deleteKeys(admin: Redis, prefix: string): Promise<void> {
  for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await admin.del(...keys);
  }
}

/**
 * A Redis store under a fresh prefix; `elapse` moves `clock` (which judges inbox items' own expiry)
 * and the keys' TTLs together.
 */
export async function makeRedisHarness(clock: ManualClock): Promise<StoreHarness> {
  const prefix = uniquePrefix();
  const admin = new Redis(REDIS_URL);
  const open = async (): Promise<RedisStore> => {
    const s = new RedisStore({ url: REDIS_URL, prefix, clock });
    await s.ready();
    return s;
  };
  let store = await open();
  return {
    store,
    elapse: async (ms) => {
      clock.advance(ms);
      await elapseRedis(admin, prefix, ms);
    },
    reopen: async () => {
      await store.close();
      store = await open();
      return store;
    },
    cleanup: async () => {
      await store.close();
      await deleteKeys(admin, prefix);
      await admin.quit();
    },
  };
}
