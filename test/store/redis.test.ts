import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import { RedisStore } from '../../src/store/redis.ts';
import { describeStoreContract } from './contract.ts';
import { deleteKeys, makeRedisHarness, REDIS_URL, uniquePrefix } from './redis-harness.ts';

describeStoreContract('redis', makeRedisHarness);

describe('redis store specifics', () => {
  let prefix: string;
  let admin: Redis;
  let store: RedisStore;
  beforeEach(async () => {
    prefix = uniquePrefix();
    admin = new Redis(REDIS_URL);
    store = new RedisStore({ url: REDIS_URL, prefix });
    await store.ready();
  });
  afterEach(async () => {
    await store.close();
    await deleteKeys(admin, prefix);
    await admin.quit();
  });

  it('keeps every key under its prefix', async () => {
    await store.addSubscription({
      conversationId: 'telegram:1',
      target: { kind: 'all' },
      createdAt: '2022-09-20T01:00:00.000Z',
    });
    await store.markSeen('u1', 60_000);
    await store.claimReminder('r1', 60_000);
    await store.appendInbox(
      'web:a',
      { key: 'k', text: 't', choices: [], citations: [], createdAt: '2022-09-20T01:00:00.000Z' },
      60_000,
    );
    const keys = await admin.keys(`${prefix}*`);
    expect(keys.sort()).toEqual(
      [
        `${prefix}inbox:web:a`,
        `${prefix}marker`,
        `${prefix}reminder:r1`,
        `${prefix}seen:u1`,
        `${prefix}subs:telegram:1`,
        `${prefix}subscribers`,
      ].sort(),
    );
    // The inbox lives as long as its newest item, not for ever.
    expect(await admin.pttl(`${prefix}inbox:web:a`)).toBeGreaterThan(0);
  });

  it("keeps a delivery lease when another server's store connects: it may be that server's", async () => {
    expect(await store.beginDelivery('telegram:update:7', 60_000)).toBe('started');
    const other = new RedisStore({ url: REDIS_URL, prefix });
    try {
      await other.ready();
      expect(await other.beginDelivery('telegram:update:7', 60_000)).toBe('busy');
    } finally {
      await other.close();
    }
  });

  it('validates values on the way out and names the key that is wrong', async () => {
    await admin.set(`${prefix}ctx:telegram:1`, JSON.stringify({ lastIntent: 'dance' }));
    await expect(store.getContext('telegram:1')).rejects.toThrow(StoreCorruptError);
    await expect(store.getContext('telegram:1')).rejects.toThrow(`${prefix}ctx:telegram:1`);
    await admin.hset(`${prefix}subs:telegram:2`, 'all', 'not json');
    await admin.sadd(`${prefix}subscribers`, 'telegram:2');
    await expect(store.allSubscriptions()).rejects.toThrow(StoreCorruptError);
    const later = String(Date.now() + 60_000);
    await admin.xadd(`${prefix}inbox:web:x`, '*', 'key', 'k', 'message', '{"text":1}', 'exp', later);
    await expect(store.readInbox('web:x', null)).rejects.toThrow(`${prefix}inbox:web:x`);
    await admin.xadd(`${prefix}inbox:web:y`, '*', 'message', '{}');
    await expect(store.readInbox('web:y', null)).rejects.toThrow(StoreCorruptError);
  });

  it('fails fast with StoreUnavailableError when Redis cannot be reached', async () => {
    // Nothing listens on port 1; the offline queue is off, so a command fails instead of waiting.
    const down = new RedisStore({ url: 'redis://127.0.0.1:1', prefix });
    await expect(down.ready(300)).rejects.toThrow(StoreUnavailableError);
    await expect(down.markSeen('k', 1000)).rejects.toThrow(StoreUnavailableError);
    await expect(
      down.addSubscription({
        conversationId: 'telegram:1',
        target: { kind: 'all' },
        createdAt: '2022-09-20T01:00:00.000Z',
      }),
    ).rejects.toThrow(StoreUnavailableError);
    await down.close();
  });
});
