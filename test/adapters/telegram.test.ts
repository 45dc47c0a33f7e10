import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { createTelegramAdapter } from '../../adapters/telegram/adapter.ts';
import { COMMAND_MENU } from '../../adapters/telegram/commands.ts';
import { MESSAGES } from '../../src/messages.ts';
import { TelegramDriver } from './drivers.ts';
import { FAKE_BOT, FakeTelegramApi, parseTelegramHtml } from './fakes/telegram-api.ts';
import { createApp, type App } from './harness.ts';

const PRIVATE = 424242;
const GROUP = -1009876543210;
const USER = { id: 5550001, is_bot: false, first_name: '张' };
let updateId = 900_000;

let app: App;
let tg: TelegramDriver;

beforeAll(async () => {
  app = await createApp();
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  tg = new TelegramDriver();
  await tg.start(app);
});
afterEach(async () => {
  await tg.stop();
});

const sent = () => tg.api.calls.filter((c) => c.method === 'sendMessage');
const engineText = (q: string) => app.engine.answer(q, { now: app.clock.now(), context: null }).answer.text;

function command(text: string, chat: 'private' | 'group') {
  const name = text.split(' ')[0] as string;
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 1663635600,
      from: USER,
      chat:
        chat === 'private'
          ? { id: PRIVATE, type: 'private' }
          : { id: GROUP, type: 'supergroup', title: '群' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: name.length }],
    },
  };
}

function callbackQuery(data: string, message: Record<string, unknown> | undefined) {
  return {
    update_id: ++updateId,
    callback_query: {
      id: `cb${updateId}`,
      from: USER,
      chat_instance: '-77',
      data,
      ...(message ? { message } : {}),
    },
  };
}

describe('telegram adapter', () => {
  it('registers its command menu at start', () => {
    const calls = tg.api.calls.filter((c) => c.method === 'setMyCommands');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.payload.commands).toEqual(COMMAND_MENU);
  });

  it('answers /start with usage and the engine help, with example buttons', async () => {
    await tg.deliver(command('/start', 'private'));
    const shown = await tg.waitShown('private', 2);
    expect(shown[0]).toBe(MESSAGES.telegramUsage);
    expect(shown[1]).toBe(engineText('帮助'));
    expect(sent()[1]?.payload.reply_markup).toBeDefined();
  });

  it('answers commands addressed to it in groups, not those for another bot', async () => {
    await tg.deliver(command('/help@some_other_bot', 'group'));
    expect(sent()).toHaveLength(0);
    await tg.deliver(command(`/due@${FAKE_BOT.username}`, 'group'));
    const shown = await tg.waitShown('group', 1);
    expect(shown[0]).toBe(engineText('近期截止'));
  });

  it('answers a reply to its own message in a group, and nothing else there', async () => {
    const base = { date: 1663635600, from: USER, chat: { id: GROUP, type: 'supergroup', title: '群' } };
    await tg.deliver({
      update_id: ++updateId,
      message: {
        ...base,
        message_id: 1,
        text: '谁牵头川渝通办',
        reply_to_message: { ...base, message_id: 0, from: USER },
      },
    });
    expect(sent()).toHaveLength(0);
    await tg.deliver({
      update_id: ++updateId,
      message: {
        ...base,
        message_id: 2,
        text: '谁牵头川渝通办',
        reply_to_message: { ...base, message_id: 0, from: FAKE_BOT, text: '…' },
      },
    });
    expect(await tg.waitShown('group', 1)).toEqual([engineText('谁牵头川渝通办')]);
    // In a group the answer quotes the question it answers.
    expect(sent()[0]?.payload.reply_parameters).toMatchObject({ message_id: 2 });
  });

  it('sends HTML with the matched words in bold, and next steps as buttons that fit callback_data', async () => {
    await tg.sendText('private', '谁牵头川渝通办');
    await tg.waitShown('private', 1);
    const payload = sent()[0]?.payload ?? {};
    expect(payload.parse_mode).toBe('HTML');
    expect(String(payload.text)).toContain('<b>川渝通办</b>');
    const keyboard = payload.reply_markup as InlineKeyboardMarkup;
    const buttons = keyboard.inline_keyboard.flat();
    const expected = app.engine.answer('谁牵头川渝通办', { now: app.clock.now() }).answer.suggestions;
    expect(buttons.map((b) => b.text)).toEqual(expected.map((s) => s.label));
    for (const b of buttons) {
      expect('callback_data' in b && Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
  });

  it('answers a button press: the callback query first, then the question in the chat', async () => {
    await tg.sendText('private', '谁牵头川渝通办');
    await tg.waitShown('private', 1);
    const first = sent()[0]?.payload ?? {};
    const keyboard = first.reply_markup as InlineKeyboardMarkup;
    const button = keyboard.inline_keyboard.flat()[0] as { text: string; callback_data: string };
    await tg.deliver(
      callbackQuery(button.callback_data, {
        message_id: 1,
        date: 1663635600,
        chat: { id: PRIVATE, type: 'private' },
        from: FAKE_BOT,
        text: '…',
        reply_markup: keyboard,
      }),
    );
    const shown = await tg.waitShown('private', 2);
    const answered = tg.api.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(answered).toHaveLength(1);
    expect(answered[0]?.payload.text).toBeUndefined();
    const question = button.callback_data.startsWith('q:') ? button.callback_data.slice(2) : button.text;
    expect(shown[1]).toBe(app.engine.answer(question, { now: app.clock.now() }).answer.text);
  });

  it('answers a stale button too: the query is answered with a hint, nothing is sent', async () => {
    // An old message: Telegram sends it as inaccessible (date 0), without its keyboard.
    await tg.deliver(
      callbackQuery('b:3', { message_id: 1, date: 0, chat: { id: PRIVATE, type: 'private' } }),
    );
    await tg.deliver(callbackQuery('q:4.1谁牵头', undefined));
    const answered = await tg.api.waitFor((c) => c.method === 'answerCallbackQuery', 2);
    expect(answered.map((c) => c.payload.text)).toEqual([MESSAGES.buttonExpired, MESSAGES.buttonExpired]);
    expect(sent()).toHaveLength(0);
  });

  it('still answers the question when the callback query is too old to acknowledge', async () => {
    tg.api.failNext('answerCallbackQuery', {
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await tg.deliver(
      callbackQuery('q:4.1谁牵头', {
        message_id: 1,
        date: 1663635600,
        chat: { id: PRIVATE, type: 'private' },
        text: '…',
      }),
    );
    expect(await tg.waitShown('private', 1)).toEqual([engineText('4.1谁牵头')]);
  });

  it('offers matching tasks for an inline query, and nothing for an unrelated one', async () => {
    const inline = (query: string) => ({
      update_id: ++updateId,
      inline_query: { id: `iq${updateId}`, from: USER, query, offset: '' },
    });
    await tg.deliver(inline('川渝通办'));
    await tg.deliver(inline('今天天气怎么样'));
    const calls = await tg.api.waitFor((c) => c.method === 'answerInlineQuery', 2);
    const results = calls[0]?.payload.results as {
      id: string;
      input_message_content: { message_text: string };
    }[];
    expect(results.map((r) => r.id)).toContain('4.1');
    for (const r of results) expect(parseTelegramHtml(r.input_message_content.message_text).error).toBeNull();
    expect(calls[1]?.payload.results).toEqual([]);
  });

  it('survives a 429: waits retry_after and delivers the answer', async () => {
    tg.api.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await tg.sendText('private', '谁牵头川渝通办');
    expect(await tg.waitShown('private', 1)).toEqual([engineText('谁牵头川渝通办')]);
    expect(tg.api.calls.map((c) => c.method).filter((m) => m.startsWith('sendMessage'))).toEqual([
      'sendMessage:failed',
      'sendMessage',
    ]);
  });

  it('survives a transient 500 and delivers the answer', async () => {
    tg.api.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await tg.sendText('private', '谁牵头川渝通办');
    expect(await tg.waitShown('private', 1)).toEqual([engineText('谁牵头川渝通办')]);
  });
});

describe('telegram shutdown', () => {
  it('waits for an update in flight before stop() resolves', async () => {
    const driver = new TelegramDriver();
    await driver.start(app);
    const { reached, release } = driver.api.hold('sendMessage');
    const delivery = driver.sendText('private', '谁牵头川渝通办');
    await reached; // the answer is on its way to Telegram, held there
    let stopped = false;
    const stopping = driver.adapter.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(driver.shown('private')).toEqual([engineText('谁牵头川渝通办')]);
    expect((await delivery).status).toBe(200);
    await driver.stop();
  });
});

describe('telegram long polling', () => {
  let api: FakeTelegramApi;
  beforeEach(async () => {
    api = new FakeTelegramApi();
  });
  afterEach(async () => {
    await api.stop();
  });

  it('polls without a webhook secret, answers in order, and stops cleanly', async () => {
    const apiRoot = await api.start();
    const adapter = createTelegramAdapter({ token: api.token, apiRoot }, app.deps);
    expect(adapter.mode).toBe('polling');
    expect(adapter.routes()).toEqual([]);
    await adapter.start();
    expect(api.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    const chat = { id: 31337, type: 'private', first_name: '李' };
    for (const [i, text] of ['谁牵头川渝通办', '那它什么时候截止'].entries()) {
      api.queueUpdate({
        update_id: ++updateId,
        message: { message_id: i + 1, date: 1663635600, from: USER, chat, text },
      });
    }
    const calls = await api.waitFor((c) => c.method === 'sendMessage' && c.payload.chat_id === chat.id, 2);
    await adapter.stop();
    const texts = calls.map((c) => parseTelegramHtml(String(c.payload.text)).text);
    expect(texts[0]).toBe(engineText('谁牵头川渝通办'));
    expect(texts[1]).toContain('9月底前'); // the follow-up saw the first question's context
    const polls = api.calls.filter((c) => c.method === 'getUpdates').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(api.calls.filter((c) => c.method === 'getUpdates').length).toBe(polls);
  });

  it('outlives a 409 on getUpdates (another poller): logs it, polls again, and answers', async () => {
    const apiRoot = await api.start();
    const adapter = createTelegramAdapter({ token: api.token, apiRoot, pollRestartMs: 10 }, app.deps);
    api.failNext('getUpdates', {
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request',
    });
    await adapter.start();
    const chat = { id: 31338, type: 'private', first_name: '周' };
    api.queueUpdate({
      update_id: ++updateId,
      message: { message_id: 1, date: 1663635600, from: USER, chat, text: '谁牵头川渝通办' },
    });
    const [answer] = await api.waitFor((c) => c.method === 'sendMessage' && c.payload.chat_id === chat.id);
    await adapter.stop();
    expect(parseTelegramHtml(String(answer?.payload.text)).text).toBe(engineText('谁牵头川渝通办'));
    expect(api.calls.map((c) => c.method)).toContain('getUpdates:failed');
    expect(app.logs.some((l) => l.msg === 'telegram polling stopped')).toBe(true);
  });

  it('logs a lost connection while polling without the token, and prints nothing of its own', async () => {
    const printed = vi.spyOn(console, 'error');
    try {
      const adapter = createTelegramAdapter({ token: api.token, apiRoot: await api.start() }, app.deps);
      await adapter.start();
      await api.stop();
      await vi.waitFor(() => expect(app.logs.some((l) => l.msg === 'telegram polling failed')).toBe(true));
      await adapter.stop();
      expect(app.logText()).not.toContain(api.token);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});
