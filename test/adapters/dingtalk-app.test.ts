import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../../adapters/index.ts';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { DingtalkDriver } from './dingtalk-driver.ts';
import { FakeDingtalkApi, fakeRobotMessage } from './fakes/dingtalk-api.ts';
import { FakeStreamGateway } from './fakes/dingtalk-stream.ts';

/**
 * The whole server as `npm start` runs it, with DingTalk in its default mode (Stream) against the
 * fake OpenAPI and gateway: subscriptions made on DingTalk are reminded there, once, through the
 * proactive APIs, with every session webhook long expired, and not again after a restart.
 */
describe('dingtalk reminders through the whole server', () => {
  const api = new FakeDingtalkApi();
  const gateway = new FakeStreamGateway();
  const dt = new DingtalkDriver(api); // its robot-message builder
  let dataDir = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    await gateway.start();
    api.attachGateway(gateway);
    dataDir = await mkdtemp(join(tmpdir(), 'workplan-dingtalk-app-'));
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // Seven days before 9月底前, just after the reminder time.
      PLAN_NOW: '2022-09-23T09:00:30+08:00',
      REMINDER_TICK_MS: '100',
      DINGTALK_CLIENT_ID: api.clientId,
      DINGTALK_CLIENT_SECRET: api.clientSecret,
      DINGTALK_API_BASE_URL: await api.start(),
    };
  });
  afterAll(async () => {
    await gateway.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (): Promise<App> => {
    const app = await startApp(loadConfig(env), { logger: createLogger('silent'), createAdapters });
    await app.ready();
    return app;
  };
  const reminders = (to: string) =>
    api.shownTo(to).filter((c) => c.via !== 'session' && c.text.includes('4.1'));

  it('speaks the same words as every platform: 订阅, 我的订阅, 近期截止, 退订', async () => {
    const app = await start();
    try {
      const staffId = 'staff-words';
      const say = async (text: string, n: number) => {
        gateway.deliver(fakeRobotMessage(api, { staffId }, { text: { content: text } }));
        const shown = await api.waitFor((c) => c.via === 'session' && c.to === `user:${staffId}`, n);
        return shown[n - 1]?.text ?? '';
      };
      expect(await say('订阅 4.1', 1)).toMatch(/^已订阅/);
      expect(await say('我的订阅', 2)).toMatch(/^你的订阅：[\s\S]*4\.1/);
      expect(await say('近期截止', 3)).toContain('9月底前');
      expect(await say('退订 4.1', 4)).toMatch(/^已取消订阅/);
      expect(await say('我的订阅', 5)).toMatch(/^你还没有订阅/);
    } finally {
      await app.stop();
    }
  });

  it('subscribes with 订阅 in a chat and a group, and reminds each there once, after a restart too', async () => {
    api.reset(); // what an earlier test sent is not this one's
    let app = await start();
    try {
      expect(app.adapters.map((a) => [a.platform, a.mode])).toEqual([['dingtalk', 'stream']]);
      gateway.deliver(dt.textMessage('private', '订阅 4.1'));
      gateway.deliver(dt.textMessage('group', '订阅 4.1', true));
      const confirmations = await api.waitFor((c) => c.via === 'session', 2);
      expect(confirmations.every((c) => c.text.startsWith('已订阅'))).toBe(true);
      api.expireSessions(); // a reminder comes days later: no session webhook is valid by then

      await api.waitFor((c) => (c.via === 'user' || c.via === 'group') && c.text.includes('4.1'), 2);
      await app.scheduler.tick(); // one more pass: nothing is sent twice
      expect(reminders(dt.to('private')).map((c) => c.via)).toEqual(['user']);
      expect(reminders(dt.to('group')).map((c) => c.via)).toEqual(['group']);
      expect(reminders(dt.to('private'))[0]?.text).toContain('9月底前');
    } finally {
      await app.stop();
    }

    app = await start();
    try {
      const pass = await app.scheduler.tick();
      expect(pass.sent).toBe(0);
      expect(reminders(dt.to('private'))).toHaveLength(1);
      expect(reminders(dt.to('group'))).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});
