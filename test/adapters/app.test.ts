import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../../adapters/index.ts';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { FakeLineApi, lineTextEvent } from './fakes/line-api.ts';
import { FakeTelegramApi, parseTelegramHtml, type TelegramCall } from './fakes/telegram-api.ts';
import { post } from './harness.ts';

const WEBHOOK_SECRET = 'app-test-secret';

/**
 * The whole server, as `npm start` runs it, on loopback with a DATA_DIR of its own; `env` adds to
 * the config. Not waited for: a test of start-up needs the server before its adapters are ready.
 */
async function startServer(env: Record<string, string>): Promise<{
  app: App;
  base: string;
  stop: () => Promise<void>;
}> {
  const dataDir = await mkdtemp(join(tmpdir(), 'workplan-app-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const app = await startApp(config, { logger: createLogger('silent'), createAdapters });
  return {
    app,
    base: `http://127.0.0.1:${app.port()}`,
    stop: async () => {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the fake Bot API; returns the config that points the server at it. */
async function startFakeTelegram(telegram: FakeTelegramApi): Promise<Record<string, string>> {
  return {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: await telegram.start(),
  };
}

/**
 * The server with both platforms pointed at fake APIs, shared by the tests of the calling describe
 * block: ready before the first, torn down after the last. `env` is what the block sets apart.
 */
function serverWithBothPlatforms(env: Record<string, string>) {
  const telegram = new FakeTelegramApi();
  const line = new FakeLineApi();
  let base = '';
  let stop = async () => {};

  beforeAll(async () => {
    const server = await startServer({
      ...env,
      ...(await startFakeTelegram(telegram)),
      LINE_CHANNEL_SECRET: line.channelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: line.channelAccessToken,
      LINE_API_BASE_URL: await line.start(),
    });
    await server.app.ready();
    base = server.base;
    stop = server.stop;
  });

  afterAll(async () => {
    await stop();
    await Promise.all([telegram.stop(), line.stop()]);
  });

  return {
    telegram,
    line,
    url: (path: string) => `${base}${path}`,
    toTelegram: (update: unknown) =>
      post(`${base}/telegram/webhook`, JSON.stringify(update), {
        'x-telegram-bot-api-secret-token': WEBHOOK_SECRET,
      }),
    toLine: (events: unknown[]) => {
      const body = JSON.stringify({ destination: 'Ubot', events });
      const signature = line.webhookSignature(body);
      return post(`${base}/line/webhook`, body, { 'x-line-signature': signature });
    },
  };
}

describe('the server with both platforms configured', () => {
  const { telegram, line, url, toTelegram, toLine } = serverWithBothPlatforms({
    PLAN_NOW: '2022-09-20T09:00:00+08:00',
  });

  it('reports both adapters and the store on /healthz', async () => {
    const health = (await (await fetch(url('/healthz'))).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      adapters: [
        { platform: 'telegram', mode: 'webhook' },
        { platform: 'line', mode: 'webhook' },
      ],
      off: [{ platform: 'wecom' }, { platform: 'dingtalk' }],
      store: { kind: 'embedded', ok: true },
    });
  });

  it('answers on Telegram and on LINE', async () => {
    const tg = await toTelegram({
      update_id: 1,
      message: {
        message_id: 1,
        date: 1663635600,
        from: { id: 7, is_bot: false, first_name: '王' },
        chat: { id: 7, type: 'private', first_name: '王' },
        text: '谁牵头川渝通办',
      },
    });
    expect(tg.status).toBe(200);
    const [sent] = await telegram.waitFor((c) => c.method === 'sendMessage');
    expect(parseTelegramHtml(String(sent?.payload.text)).text).toContain('省政府办公厅');

    const ln = await toLine([
      lineTextEvent({
        webhookEventId: '01APPTEST0000000000000001',
        replyToken: 'app-test-reply-token',
        userId: 'U0000000000000000000000000000app',
        text: '谁牵头川渝通办',
      }),
    ]);
    expect(ln.status).toBe(200);
    const [reply] = await line.waitFor((c) => c.path === '/v2/bot/message/reply');
    expect(reply?.body.messages?.[0]?.text).toContain('省政府办公厅');
  });
});

describe('the server with no platform configured', () => {
  it('starts, and says on /healthz which adapters are off and why', async () => {
    const { app, base, stop } = await startServer({});
    await app.ready();
    try {
      const health = (await (await fetch(`${base}/healthz`)).json()) as {
        adapters: unknown[];
        off: { platform: string; reason: string }[];
      };
      expect(health.adapters).toEqual([]);
      expect(health.off.map((o) => o.platform)).toEqual(['telegram', 'line', 'wecom', 'dingtalk']);
      expect(health.off[0]?.reason).toContain('TELEGRAM_BOT_TOKEN');
    } finally {
      await stop();
    }
  });
});

describe('a platform down at start-up', () => {
  it('keeps the server answering, and starts the adapter once the platform answers', async () => {
    const telegram = new FakeTelegramApi();
    // Not a 5xx: auto-retry would retry that inside one start attempt; this fails the attempt.
    telegram.failNext('getMe', { error_code: 401, description: 'Unauthorized' }, 1);
    const { app, base, stop } = await startServer(await startFakeTelegram(telegram));
    try {
      const answer = await fetch(`${base}/api/ask`, {
        method: 'POST',
        body: JSON.stringify({ question: '谁牵头川渝通办' }),
      });
      expect(answer.status).toBe(200);
      await app.ready();
      expect(telegram.calls.filter((c) => c.method === 'getMe:failed')).toHaveLength(1);
      expect(telegram.calls.some((c) => c.method === 'setMyCommands')).toBe(true);
    } finally {
      await stop();
      await telegram.stop();
    }
  });
});

describe('reminders through both platforms', () => {
  const { telegram, line, toTelegram, toLine } = serverWithBothPlatforms({
    // The README's demonstration: seven days before 9月底前, just after the reminder time.
    PLAN_NOW: '2022-09-23T09:00:30+08:00',
    REMINDER_TICK_MS: '100',
  });

  it('subscribes with /subscribe on Telegram and 订阅 on LINE, then pushes the due reminder to each', async () => {
    await toTelegram({
      update_id: 2,
      message: {
        message_id: 2,
        date: 1663894830,
        from: { id: 8, is_bot: false, first_name: '赵' },
        chat: { id: 8, type: 'private', first_name: '赵' },
        text: '/subscribe 4.1',
        entities: [{ type: 'bot_command', offset: 0, length: 10 }],
      },
    });
    await toLine([
      {
        type: 'message',
        mode: 'active',
        timestamp: 1663894830000,
        webhookEventId: '01APPTEST0000000000000002',
        deliveryContext: { isRedelivery: false },
        replyToken: 'app-test-reply-token-2',
        source: { type: 'user', userId: 'U0000000000000000000000000000sub' },
        message: { id: '2', type: 'text', quoteToken: 'q', text: '订阅 4.1' },
      },
    ]);

    const texts = (calls: { payload: Record<string, unknown> }[]) =>
      calls.map((c) => parseTelegramHtml(String(c.payload.text)).text);
    const toChat = (c: TelegramCall) => c.method === 'sendMessage' && c.payload.chat_id === 8;
    const sent = texts(await telegram.waitFor(toChat, 2));
    // The reminder names the deadline, the clause, the task and its leads (the reminders issue).
    const reminder = sent.find((t) => t.includes('“川渝通办”事项落地') && t.includes('省政府办公厅'));
    expect(reminder).toContain('4.1');

    const [push] = await line.waitFor((c) => c.path === '/v2/bot/message/push');
    expect(push?.body.to).toBe('U0000000000000000000000000000sub');
    expect(push?.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(push?.body.messages)).toContain('9月底前');
  });
});
