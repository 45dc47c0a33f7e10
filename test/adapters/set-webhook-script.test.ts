import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from './fakes/telegram-api.ts';

const run = promisify(execFile);

describe('scripts/set-telegram-webhook.ts', () => {
  const api = new FakeTelegramApi();
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    env = {
      PATH: process.env.PATH,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_WEBHOOK_SECRET: 'script-test-secret',
      TELEGRAM_API_ROOT: await api.start(),
      PUBLIC_URL: 'https://bot.example.org',
    };
  });
  afterAll(async () => {
    await api.stop();
  });

  it('registers PUBLIC_URL/telegram/webhook with the secret, printing neither token nor secret', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/set-telegram-webhook.ts'], { env });
    const [call] = api.calls.filter((c) => c.method === 'setWebhook');
    expect(call?.payload).toMatchObject({
      url: 'https://bot.example.org/telegram/webhook',
      secret_token: 'script-test-secret',
      allowed_updates: ['message', 'callback_query', 'inline_query'],
    });
    expect(JSON.parse(stdout)).toMatchObject({ url: 'https://bot.example.org/telegram/webhook' });
    expect(stdout).not.toContain(api.token);
    expect(stdout).not.toContain('script-test-secret');
  });

  it('keeps the path of a PUBLIC_URL served under a prefix', async () => {
    await run('npx', ['tsx', 'scripts/set-telegram-webhook.ts'], {
      env: { ...env, PUBLIC_URL: 'https://gov.example.org/workplan/' },
    });
    const calls = api.calls.filter((c) => c.method === 'setWebhook');
    expect(calls.at(-1)?.payload.url).toBe('https://gov.example.org/workplan/telegram/webhook');
  });

  it('refuses to register a webhook without a secret', async () => {
    const failed = await run('npx', ['tsx', 'scripts/set-telegram-webhook.ts'], {
      env: { ...env, TELEGRAM_WEBHOOK_SECRET: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('TELEGRAM_WEBHOOK_SECRET');
  });
});
