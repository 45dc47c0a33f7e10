import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createStore } from '../../src/store/create.ts';
import { REDIS_URL, uniquePrefix } from './redis-harness.ts';

const logger = createLogger('silent');

describe('createStore', () => {
  it('uses the embedded store under DATA_DIR when REDIS_URL is unset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'workplan-create-'));
    const dataDir = join(dir, 'nested', 'data');
    const store = await createStore({ DATA_DIR: dataDir, REDIS_URL: undefined }, { logger });
    try {
      expect(store.kind).toBe('embedded');
      expect(existsSync(join(dataDir, 'store.db'))).toBe(true);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses Redis when REDIS_URL is set', async () => {
    const store = await createStore(
      { DATA_DIR: '/nonexistent', REDIS_URL: REDIS_URL },
      { logger, redisPrefix: uniquePrefix() },
    );
    try {
      expect(store.kind).toBe('redis');
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('starts even when Redis is down, and reports the store unavailable', async () => {
    const store = await createStore(
      { DATA_DIR: '/nonexistent', REDIS_URL: 'redis://127.0.0.1:1' },
      { logger },
    );
    try {
      expect(store.kind).toBe('redis');
      await expect(store.ping()).rejects.toThrow(/redis PING failed/);
    } finally {
      await store.close();
    }
  });
});
