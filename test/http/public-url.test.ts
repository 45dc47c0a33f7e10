import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { parseTrustProxy } from '../../src/http/client-address.ts';
import { publicUrlFor } from '../../src/http/public-url.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';

const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('publicUrlFor', () => {
  const viaNginx = (headers: Record<string, string>) =>
    req('127.0.0.1', { host: 'gov.example', 'x-forwarded-proto': 'https', ...headers });

  it("takes a trusted proxy's X-Forwarded-Prefix, after PUBLIC_URL's origin when it is set", () => {
    const r = viaNginx({ 'x-forwarded-prefix': '/workplan/' });
    expect(publicUrlFor(r, parseTrustProxy('loopback'), null)).toBe('https://gov.example/workplan');
    expect(publicUrlFor(r, parseTrustProxy('1'), 'https://bot.example.org/old')).toBe(
      'https://bot.example.org/workplan',
    );
    expect(
      publicUrlFor(
        viaNginx({ 'x-forwarded-prefix': '/bot', 'x-forwarded-host': 'b.example:8443' }),
        parseTrustProxy('1'),
        null,
      ),
    ).toBe('https://b.example:8443/bot');
  });

  it('ignores the headers without TRUST_PROXY, or from a peer it does not trust: PUBLIC_URL or nothing', () => {
    const spoofed = req('203.0.113.9', { host: 'evil.example', 'x-forwarded-prefix': '/phish' });
    expect(publicUrlFor(spoofed, parseTrustProxy(undefined), 'https://gov.example/workplan/')).toBe(
      'https://gov.example/workplan',
    );
    expect(publicUrlFor(spoofed, parseTrustProxy('loopback'), null)).toBeNull();
  });

  it('falls back to PUBLIC_URL when the prefix is malformed or missing', () => {
    const fallback = 'https://gov.example/workplan';
    for (const prefix of [undefined, 'workplan', '/a/../admin', '/a?b=c', '/a,/b'])
      expect(
        publicUrlFor(
          req('127.0.0.1', { host: 'gov.example', ...(prefix ? { 'x-forwarded-prefix': prefix } : {}) }),
          parseTrustProxy('1'),
          fallback,
        ),
      ).toBe(fallback);
  });

  it('gives no address from a malformed host or scheme when PUBLIC_URL is unset', () => {
    const bad: Record<string, string>[] = [
      { 'x-forwarded-host': 'bad host/x' },
      { 'x-forwarded-proto': 'javascript' },
    ];
    for (const headers of bad)
      expect(
        publicUrlFor(
          req('127.0.0.1', { host: 'gov.example', 'x-forwarded-prefix': '/ok', ...headers }),
          parseTrustProxy('1'),
          null,
        ),
      ).toBeNull();
  });
});

describe('the calendar link in 近期截止, behind a proxy that strips /workplan/', () => {
  let app: App;
  let base = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'workplan-prefix-'));
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TRUST_PROXY: 'loopback' });
    app = await startApp(config, {
      logger: createLogger('silent'),
      createAdapters: () => ({ adapters: [], off: [] }),
      clock: new ManualClock('2022-08-15T09:00:00+08:00'),
    });
    base = `http://127.0.0.1:${app.port()}`;
  });
  afterAll(async () => {
    app.server.closeAllConnections();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const due = async (headers: Record<string, string>) => {
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ question: '近期截止', chat: 'prefix-test' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { text: string }).text;
  };

  it('links the feed under the prefix the proxy names, with no PUBLIC_URL set', async () => {
    const text = await due({
      'x-forwarded-prefix': '/workplan',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gov.example',
    });
    expect(text).toContain(MESSAGES.calendarLink('https://gov.example/workplan/calendar.ics'));
  });

  it('gives no link when nothing says where the server is reached', async () => {
    expect(await due({})).not.toContain('calendar.ics');
  });
});
