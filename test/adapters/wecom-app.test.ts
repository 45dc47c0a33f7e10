import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAdapters } from '../../adapters/index.ts';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { FakeWecomApi, shownText, type WecomCall } from './fakes/wecom-api.ts';
import { post } from './harness.ts';

/** The whole server as `npm start` runs it, WeCom pointed at the fake API, on one DATA_DIR. */
async function startServer(wecom: FakeWecomApi, apiBaseUrl: string, dataDir: string) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    // Seven days before 9月底前, just after the reminder time.
    PLAN_NOW: '2022-09-23T09:00:30+08:00',
    REMINDER_TICK_MS: '100',
    WECOM_CORP_ID: wecom.corpId,
    WECOM_AGENT_ID: String(wecom.agentId),
    WECOM_SECRET: wecom.secret,
    WECOM_TOKEN: wecom.callbackToken,
    WECOM_ENCODING_AES_KEY: wecom.encodingAesKey,
    WECOM_API_BASE_URL: apiBaseUrl,
  });
  const app = await startApp(config, { logger: createLogger('silent'), createAdapters });
  await app.ready();
  return { app, callback: `http://127.0.0.1:${app.port()}/wecom/callback` };
}

const isReminder = (c: WecomCall) =>
  c.path === '/cgi-bin/message/send' &&
  c.body.touser === 'lisi' &&
  (shownText(c.body) ?? '').includes('截止提醒');

describe('WeCom on the whole server', () => {
  it('subscribes with 订阅 on WeCom and sends the due reminder there once, also across a restart', async () => {
    const wecom = new FakeWecomApi();
    const apiBaseUrl = await wecom.start();
    const dataDir = await mkdtemp(join(tmpdir(), 'workplan-wecom-app-'));
    try {
      const first = await startServer(wecom, apiBaseUrl, dataDir);
      const subscribe = wecom.callbackRequest(
        first.callback,
        wecom.textXml('lisi', '订阅 4.1', '9000000000000000001'),
      );
      expect((await post(subscribe.url, subscribe.body)).status).toBe(200);
      const [reminder] = await wecom.waitFor(isReminder);
      expect(shownText(reminder!.body)).toContain('4.1');
      await first.app.stop();

      // The same DATA_DIR after a restart: the reminder was marked sent and does not come again.
      const second = await startServer(wecom, apiBaseUrl, dataDir);
      const ask = wecom.callbackRequest(
        second.callback,
        wecom.textXml('lisi', '我的订阅', '9000000000000000002'),
      );
      await post(ask.url, ask.body);
      await wecom.waitFor(
        (c) => c.path === '/cgi-bin/message/send' && (shownText(c.body) ?? '').includes('4.1'),
        3,
      );
      await second.app.scheduler.tick();
      await second.app.stop();
      expect(wecom.calls.filter(isReminder)).toHaveLength(1);
    } finally {
      await wecom.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
