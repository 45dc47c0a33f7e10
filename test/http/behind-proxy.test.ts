import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { clientAddress, parseTrustProxy } from '../../src/http/client-address.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';

/** A request as node:http hands it over: its headers and the connecting socket's address. */
const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('ignores forwarding headers unless TRUST_PROXY says which proxies to believe', () => {
    const spoofed = req('203.0.113.9', { 'x-forwarded-for': '10.9.9.9', forwarded: 'for=10.8.8.8' });
    expect(clientAddress(spoofed, parseTrustProxy(undefined))).toBe('203.0.113.9');
    expect(clientAddress(spoofed, parseTrustProxy('0'))).toBe('203.0.113.9');
  });

  it('takes the address the trusted hops saw, not what the client wrote before them', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; nginx appended the address it saw.
    const viaNginx = req('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' });
    expect(clientAddress(viaNginx, parseTrustProxy('1'))).toBe('198.51.100.7');
    expect(clientAddress(viaNginx, parseTrustProxy('loopback'))).toBe('198.51.100.7');
    expect(clientAddress(viaNginx, parseTrustProxy('127.0.0.1'))).toBe('198.51.100.7');
    // Two proxies: a load balancer at 10.0.0.5, then nginx on loopback.
    const twoHops = req('::ffff:127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7, 10.0.0.5' });
    expect(clientAddress(twoHops, parseTrustProxy('2'))).toBe('198.51.100.7');
    expect(clientAddress(twoHops, parseTrustProxy('127.0.0.0/8, 10.0.0.0/8'))).toBe('198.51.100.7');
    expect(clientAddress(twoHops, parseTrustProxy('loopback'))).toBe('10.0.0.5');
  });

  it('believes nobody when the connecting address is not a trusted proxy', () => {
    const direct = req('198.51.100.7', { 'x-forwarded-for': '10.1.2.3' });
    expect(clientAddress(direct, parseTrustProxy('loopback, 10.0.0.0/8'))).toBe('198.51.100.7');
  });

  it('reads RFC 7239 Forwarded, with quotes, brackets and ports', () => {
    const forwarded = req('127.0.0.1', {
      forwarded: 'for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https;by=203.0.113.43',
    });
    expect(clientAddress(forwarded, parseTrustProxy('1'))).toBe('2001:db8:cafe::17');
    const v4port = req('127.0.0.1', { forwarded: 'for="192.0.2.60:8080"' });
    expect(clientAddress(v4port, parseTrustProxy('loopback'))).toBe('192.0.2.60');
  });

  it('believes neither header when a request carries both (the client wrote one of them)', () => {
    const both = req('127.0.0.1', { 'x-forwarded-for': '198.51.100.7', forwarded: 'for=10.9.9.9' });
    expect(clientAddress(both, parseTrustProxy('1'))).toBe('127.0.0.1');
  });

  it('stops at an entry that is not an address', () => {
    const garbage = req('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, not-an-ip' });
    expect(clientAddress(garbage, parseTrustProxy('5'))).toBe('127.0.0.1');
  });

  it('refuses a TRUST_PROXY it cannot read, naming the variable and the entry', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8, nginx' })).toThrow(/TRUST_PROXY: "nginx" is not/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/);
  });
});

/** The real composed server on loopback with `env` added to its config. */
async function startServer(
  env: Record<string, string>,
): Promise<{ app: App; base: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workplan-proxy-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env });
  const app = await startApp(config, {
    logger: createLogger('silent'),
    createAdapters: () => ({ adapters: [], off: [] }),
    clock: new ManualClock('2022-08-15T09:00:00+08:00'),
  });
  return {
    app,
    base: `http://127.0.0.1:${app.port()}`,
    stop: async () => {
      app.server.closeAllConnections();
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ask = (base: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ question: '谁牵头川渝通办', ...body }),
  });

describe('behind a reverse proxy (TRUST_PROXY=loopback)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_MINUTE: '2',
      NEW_CHATS_PER_HOUR: '3',
    });
  });
  afterAll(() => server.stop());

  it('gives each of 60 anonymous users behind the proxy a limit of their own', async () => {
    for (let user = 1; user <= 60; user += 1) {
      const from = { 'x-forwarded-for': `198.51.100.${user}` };
      for (let i = 0; i < 2; i += 1) expect((await ask(server.base, {}, from)).status).toBe(200);
    }
    const third = await ask(server.base, {}, { 'x-forwarded-for': '198.51.100.1' });
    expect(third.status).toBe(429);
  });

  it('lets one address start only NEW_CHATS_PER_HOUR new conversations; existing ones go on', async () => {
    const from = { 'x-forwarded-for': '192.0.2.1' };
    for (const chat of ['a1', 'a2', 'a3']) expect((await ask(server.base, { chat }, from)).status).toBe(200);
    const fourth = await ask(server.base, { chat: 'a4' }, from);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('3600');
    expect(((await fourth.json()) as { message: string }).message).toBe(MESSAGES.newChatsLimited);
    expect((await ask(server.base, { chat: 'a1' }, from)).status).toBe(200);
    // Another client behind the same proxy has its own allowance.
    expect((await ask(server.base, { chat: 'b1' }, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200);
  });

  it('bounds subscriptions made through invented chat ids the same way', async () => {
    const from = { 'x-forwarded-for': '192.0.2.3' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push((await ask(server.base, { chat: `flood-${i}`, question: '订阅 全部' }, from)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(await server.app.store.listSubscriptions('web:flood-0')).toHaveLength(1);
    expect(await server.app.store.listSubscriptions('web:flood-9')).toEqual([]);
  });

  it('bounds subscriptions made through invented device ids behind one chat id', async () => {
    const from = { 'x-forwarded-for': '192.0.2.4' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push(
        (await ask(server.base, { chat: 'one-chat', device: `dev-${i}`, question: '订阅 全部' }, from))
          .status,
      );
    // The chat and the first device, then one more device: three new conversations this hour.
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(await server.app.store.listSubscriptions('web:dev-1')).toHaveLength(1);
    expect(await server.app.store.listSubscriptions('web:dev-9')).toEqual([]);
  });
});

describe('without TRUST_PROXY', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => server.stop());

  it('ignores a spoofed X-Forwarded-For: every anonymous question counts against the connection', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i += 1)
      statuses.push(
        (await ask(server.base, {}, { 'x-forwarded-for': `10.0.0.${i}`, forwarded: `for=10.1.0.${i}` }))
          .status,
      );
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const token = 'metrics-token-0123456789abcdef';
  beforeAll(async () => {
    server = await startServer({ METRICS_TOKEN: token });
  });
  afterAll(() => server.stop());

  it('refuses a scrape without the bearer token, or with a wrong one', async () => {
    const none = await fetch(`${server.base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const wrong = await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('workplan_');
  });

  it('serves the metrics to a scrape that sends it', async () => {
    const res = await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE workplan_requests_total counter');
    // Where the memory goes, as prom-client names it.
    expect(Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^nodejs_heap_size_used_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('refuses a token too short to be secret, naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: at least 16/);
  });
});

describe('60 anonymous users behind one proxy, at the default 30 questions a minute', () => {
  const users = Array.from({ length: 60 }, (_, i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}` }));
  const statuses = async (base: string) => {
    const out: number[] = [];
    for (const from of users) out.push((await ask(base, {}, from)).status);
    return out;
  };

  it('answers every one of them when TRUST_PROXY names the proxy', async () => {
    const server = await startServer({ TRUST_PROXY: 'loopback' });
    try {
      expect((await statuses(server.base)).filter((s) => s === 200)).toHaveLength(60);
    } finally {
      await server.stop();
    }
  });

  it('counts them all as the proxy without TRUST_PROXY: the header changes nothing', async () => {
    const server = await startServer({});
    try {
      const got = await statuses(server.base);
      expect(got.filter((s) => s === 200)).toHaveLength(30);
      expect(got.slice(30).every((s) => s === 429)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
