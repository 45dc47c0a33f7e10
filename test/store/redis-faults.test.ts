import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreCorruptError, StoreUnavailableError } from '../../src/errors.ts';
import type { RedisAlert } from '../../src/store/redis-marker.ts';
import { RedisStore } from '../../src/store/redis.ts';
import type { Subscription } from '../../src/store/types.ts';
import { OwnRedis } from './redis-server.ts';

const sub = (conversationId: string): Subscription => ({
  conversationId,
  target: { kind: 'task', taskId: '4.1' },
  createdAt: '2022-09-20T01:00:00.000Z',
});

describe('redis store faults (a redis-server of the test own)', () => {
  let redis: OwnRedis | null = null;
  const stores: RedisStore[] = [];
  const open = async (url: string, alerts: RedisAlert[] = []): Promise<RedisStore> => {
    const store = new RedisStore({ url, prefix: 'workplan:', onAlert: (a) => alerts.push(a) });
    stores.push(store);
    await store.ready();
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await redis?.destroy();
    redis = null;
  });

  it('notices a Redis without persistence that came back empty, and never reports ok again', async () => {
    redis = await OwnRedis.create({ persistent: false });
    await redis.start();
    const alerts: RedisAlert[] = [];
    const store = await open(redis.url, alerts);
    const other: RedisAlert[] = [];
    const secondInstance = await open(redis.url, other);
    expect(alerts.map((a) => a.kind).sort()).toEqual(['marker_created', 'no_persistence']);
    await store.addSubscription(sub('telegram:1'));
    await store.ping();

    await redis.kill();
    await redis.start();
    await vi.waitFor(() => expect(alerts.map((a) => a.kind)).toContain('state_lost'), { timeout: 60_000 });
    expect(alerts.find((a) => a.kind === 'state_lost')?.message).toMatch(
      /redis lost its data: the marker key/,
    );
    await expect(store.ping()).rejects.toThrow(StoreCorruptError);
    // The other instance notices too, even after the first wrote a new marker.
    await vi.waitFor(() => expect(secondInstance.ping()).rejects.toThrow(/lost its data/), {
      timeout: 60_000,
    });
    // New writes work; the verdict stays until the bot restarts.
    await store.addSubscription(sub('telegram:2'));
    await expect(store.ping()).rejects.toThrow(StoreCorruptError);
  });

  it('keeps reporting ok across a restart of a Redis with AOF', async () => {
    redis = await OwnRedis.create({ persistent: true });
    await redis.start();
    const alerts: RedisAlert[] = [];
    const store = await open(redis.url, alerts);
    await store.addSubscription(sub('telegram:1'));
    await redis.kill();
    await redis.start();
    await vi.waitFor(() => store.ping(), { timeout: 60_000, interval: 100 });
    expect(await store.listSubscriptions('telegram:1')).toEqual([sub('telegram:1')]);
    expect(alerts.map((a) => a.kind)).toEqual(['marker_created']);
  });

  it('says the outcome is unknown when a frozen Redis times out, and the change may land after', async () => {
    redis = await OwnRedis.create({ persistent: true });
    await redis.start();
    const store = await open(redis.url);
    redis.freeze();
    const attempt = store.addSubscription(sub('telegram:1'));
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({ outcome: 'unknown' });
    redis.wake();
    // Applied after all: "refused, but done" is why the caller must not say "not done".
    await vi.waitFor(async () => expect(await store.listSubscriptions('telegram:1')).toHaveLength(1), {
      timeout: 60_000,
    });
    // Subscribing again is idempotent.
    expect(await store.addSubscription(sub('telegram:1'))).toBe(false);
  });

  it('says a command refused before it was sent failed', async () => {
    redis = await OwnRedis.create({ persistent: true });
    await redis.start();
    const store = await open(redis.url);
    await redis.kill();
    await vi.waitFor(() => expect(store.ping()).rejects.toThrow(/isn't writeable/), { timeout: 60_000 });
    await expect(store.addSubscription(sub('telegram:1'))).rejects.toMatchObject({ outcome: 'failed' });
  });
});
