import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { healthRoute } from '../../src/http/health.ts';
import { RedisStore } from '../../src/store/redis.ts';
import type { Store } from '../../src/store/types.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';
import { OwnRedis } from '../store/redis-server.ts';

describe('GET /healthz', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Serves the health route alone on a loopback port; returns a fetch of it. */
  async function serve(store: Store): Promise<() => Promise<Record<string, unknown>>> {
    const route = healthRoute({ adapters: () => [], off: () => [], store });
    const server: Server = createServer((req, res) => void route.handler(req, res, {}));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(async () => {
      server.close();
      await once(server, 'close');
    });
    const { port } = server.address() as AddressInfo;
    return async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };
  }

  it('says ok while the store answers', async () => {
    const h = await makeEmbeddedHarness(new ManualClock('2022-09-20T01:00:00Z'));
    cleanups.push(() => h.cleanup());
    const health = await serve(h.store);
    expect(await health()).toEqual({
      status: 'ok',
      adapters: [],
      off: [],
      store: { kind: 'embedded', ok: true },
    });
  });

  it('never says ok over the state a Redis without persistence lost in a restart', async () => {
    const redis = await OwnRedis.create({ persistent: false });
    cleanups.push(() => redis.destroy());
    await redis.start();
    const store = new RedisStore({ url: redis.url, prefix: 'workplan:' });
    cleanups.push(() => store.close());
    await store.ready();
    const health = await serve(store);
    expect(await health()).toMatchObject({ status: 'ok', store: { kind: 'redis', ok: true } });

    await redis.kill();
    expect(await health()).toMatchObject({ status: 'degraded', store: { ok: false } });
    await redis.start();
    await vi.waitFor(
      async () =>
        expect(await health()).toMatchObject({
          status: 'degraded',
          store: { kind: 'redis', ok: false, problem: expect.stringMatching(/redis lost its data/) },
        }),
      { timeout: 10_000, interval: 200 },
    );
  });
});
