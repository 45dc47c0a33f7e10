import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { HTTPFetchError } from '@line/bot-sdk';
import { webhookStatus, within } from '../../adapters/timing.ts';
import type { DeliveryOutcome, DeliveryResult } from '../../src/core/delivery.ts';
import { questionOf } from '../../adapters/line/addressing.ts';
import { replyRetryDelayMs } from '../../adapters/line/api.ts';
import { LineEventSchema } from '../../adapters/line/event-schema.ts';
import { retryKeyUuid, toPlatformError as lineError } from '../../adapters/line/push.ts';
import { lineSignatureValid } from '../../adapters/line/signature.ts';
import { addressedToBot } from '../../adapters/telegram/addressing.ts';
import { commandAsText } from '../../adapters/telegram/commands.ts';
import { choicesKeyboard, decodeCallbackData, escapeHtml, toHtml } from '../../adapters/telegram/render.ts';
import { secretTokenMatches } from '../../adapters/telegram/secret.ts';
import { chatIdOf, toPlatformError as telegramError } from '../../adapters/telegram/send.ts';
import { splitText } from '../../adapters/text.ts';
import { taskCard } from '../../adapters/task-card.ts';
import { PlatformError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { loadPlan } from '../../src/plan/load.ts';
import type { Task } from '../../src/plan/model.ts';
import { parseTelegramHtml } from './fakes/telegram-api.ts';

describe('splitText', () => {
  it('keeps text under the limit whole', () => {
    expect(splitText('一\n二', 10)).toEqual(['一\n二']);
  });
  it('splits at line breaks, packing as many lines as fit', () => {
    expect(splitText('aaa\nbbb\nccc\nddd', 7)).toEqual(['aaa\nbbb', 'ccc\nddd']);
  });
  it('cuts a line longer than the limit, never inside a surrogate pair', () => {
    const chunks = splitText(`ab${'😀'.repeat(3)}`, 3);
    expect(chunks.join('')).toBe(`ab${'😀'.repeat(3)}`);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3);
      expect(c).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});

describe('telegram HTML', () => {
  it('escapes the markup characters of plan text and user input', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(parseTelegramHtml(toHtml('<b>40亿元 & 100%</b>')).text).toBe('<b>40亿元 & 100%</b>');
  });
  it('bolds highlighted words, longest first, without breaking escaping', () => {
    const html = toHtml('“川渝通办”<4.1> & 通办', ['通办', '川渝通办']);
    expect(html).toBe('“<b>川渝通办</b>”&lt;4.1&gt; &amp; <b>通办</b>');
    expect(parseTelegramHtml(html).error).toBeNull();
  });
});

describe('telegram buttons', () => {
  it('carries short questions in callback_data and long ones by index', () => {
    const long = {
      label: '省政务服务和资源交易服务中心负责哪些工作',
      text: '省政务服务和资源交易服务中心负责哪些工作？',
    };
    const keyboard = choicesKeyboard([{ label: '时间节点', text: '4.1什么时候截止' }, long]);
    const [first, second] = keyboard?.inline_keyboard.flat() as { text: string; callback_data: string }[];
    expect(first?.callback_data).toBe('q:4.1什么时候截止');
    expect(second?.callback_data).toBe('b:1');
    expect(decodeCallbackData(first?.callback_data ?? '', undefined)).toBe('4.1什么时候截止');
    expect(decodeCallbackData('b:1', keyboard)).toBe(long.label);
    expect(decodeCallbackData('b:1', undefined)).toBeNull();
    expect(decodeCallbackData('something-else', keyboard)).toBeNull();
  });
  it('maps slash commands to the words every platform understands', () => {
    expect(commandAsText('due', '')).toBe('近期截止');
    expect(commandAsText('subscribe', '省大数据中心')).toBe('订阅 省大数据中心');
    expect(commandAsText('mysubs', '')).toBe('我的订阅');
    expect(commandAsText('whatever', 'x')).toBe('/whatever x');
  });
});

describe('telegram addressing', () => {
  const me = { id: 99, username: 'plan_bot' };
  const group = { type: 'supergroup' };
  it('takes every private text as a question', () => {
    expect(addressedToBot({ text: ' 谁牵头 ', chat: { type: 'private' } }, me)).toEqual({
      kind: 'question',
      text: '谁牵头',
    });
  });
  it('takes a mention or a text_mention in a group, without the mention', () => {
    const text = '请问 @Plan_Bot 谁牵头川渝通办';
    expect(
      addressedToBot({ text, chat: group, entities: [{ type: 'mention', offset: 3, length: 9 }] }, me),
    ).toEqual({
      kind: 'question',
      text: '请问  谁牵头川渝通办',
    });
    const byName = {
      text: '机器人 谁牵头',
      chat: group,
      entities: [
        {
          type: 'text_mention' as const,
          offset: 0,
          length: 3,
          user: { id: 99, is_bot: true, first_name: 'x' },
        },
      ],
    };
    expect(addressedToBot(byName, me)).toEqual({ kind: 'question', text: '谁牵头' });
  });
  it('ignores group chatter and mentions of someone else', () => {
    expect(addressedToBot({ text: '大家好', chat: group }, me)).toBeNull();
    const other = {
      text: '@someone 谁牵头',
      chat: group,
      entities: [{ type: 'mention' as const, offset: 0, length: 8 }],
    };
    expect(addressedToBot(other, me)).toBeNull();
  });
  it('parses commands with and without the bot name', () => {
    const cmd = (text: string, length: number) => ({
      text,
      chat: group,
      entities: [{ type: 'bot_command' as const, offset: 0, length }],
    });
    expect(addressedToBot(cmd('/subscribe@plan_bot 4.1', 19), me)).toEqual({
      kind: 'command',
      command: 'subscribe',
      args: '4.1',
    });
    expect(addressedToBot(cmd('/due', 4), me)).toEqual({ kind: 'command', command: 'due', args: '' });
    expect(addressedToBot(cmd('/due@other_bot', 14), me)).toBeNull();
  });
});

describe('secrets and signatures', () => {
  it('accepts only the exact Telegram secret', () => {
    expect(secretTokenMatches('s3cret', 's3cret')).toBe(true);
    expect(secretTokenMatches('s3cres', 's3cret')).toBe(false);
    expect(secretTokenMatches('s3cret-longer', 's3cret')).toBe(false);
    expect(secretTokenMatches(undefined, 's3cret')).toBe(false);
    expect(secretTokenMatches(['s3cret'], 's3cret')).toBe(false);
  });
  it('verifies LINE signatures over raw bytes', () => {
    const body = Buffer.from('{"destination":"U1","events":[]}');
    const good = createHmac('sha256', 'chan-secret').update(body).digest('base64');
    expect(lineSignatureValid(body, 'chan-secret', good)).toBe(true);
    expect(lineSignatureValid(body, 'other-secret', good)).toBe(false);
    expect(lineSignatureValid(Buffer.from(`${body.toString()} `), 'chan-secret', good)).toBe(false);
    expect(lineSignatureValid(body, 'chan-secret', undefined)).toBe(false);
    expect(lineSignatureValid(body, 'chan-secret', '')).toBe(false);
  });
});

describe('line addressing', () => {
  const addressing = { botUserId: 'Ubot', keyword: '小助手' };
  const event = (text: string, source: Record<string, string>, mentionees?: unknown[]) =>
    LineEventSchema.parse({
      type: 'message',
      webhookEventId: 'e1',
      timestamp: 1,
      source,
      message: { id: '1', type: 'text', text, ...(mentionees ? { mention: { mentionees } } : {}) },
    });
  const room = { type: 'room', roomId: 'R1', userId: 'U1' };
  it('answers one-to-one texts, and keyword or self-mentions in rooms', () => {
    expect(questionOf(event('谁牵头', { type: 'user', userId: 'U1' }), addressing)).toBe('谁牵头');
    expect(questionOf(event('小助手：谁牵头', room), addressing)).toBe('谁牵头');
    expect(
      questionOf(
        event('@bot 谁牵头', room, [{ index: 0, length: 4, type: 'user', isSelf: true }]),
        addressing,
      ),
    ).toBe('谁牵头');
    expect(
      questionOf(event('@all 谁牵头', room, [{ index: 0, length: 4, type: 'all' }]), addressing),
    ).toBeNull();
    expect(questionOf(event('谁牵头', room), addressing)).toBeNull();
  });
});

describe('platform error mapping', () => {
  const grammyError = (code: number, description: string, parameters = {}) =>
    new GrammyError(
      'call failed',
      { ok: false, error_code: code, description, parameters },
      'sendMessage',
      {},
    );
  it('classifies Telegram failures', () => {
    const limited = telegramError(grammyError(429, 'Too Many Requests', { retry_after: 7 })) as PlatformError;
    expect([limited.transient, limited.retryAfterMs]).toEqual([true, 7000]);
    expect((telegramError(grammyError(502, 'Bad Gateway')) as PlatformError).transient).toBe(true);
    expect((telegramError(grammyError(401, 'Unauthorized')) as PlatformError).transient).toBe(true);
    expect(
      (telegramError(grammyError(403, 'Forbidden: bot was blocked by the user')) as PlatformError).transient,
    ).toBe(false);
    expect((telegramError(grammyError(400, 'Bad Request: chat not found')) as PlatformError).transient).toBe(
      false,
    );
    expect(
      (telegramError(new HttpError('Network request failed', new Error('ECONNRESET'))) as PlatformError)
        .transient,
    ).toBe(true);
    const bug = new RangeError('ours');
    expect(telegramError(bug)).toBe(bug);
  });
  it('classifies LINE failures', () => {
    const fetchError = (status: number, headers: Record<string, string> = {}) =>
      new HTTPFetchError(`${status}`, { status, statusText: 'x', headers: new Headers(headers), body: '{}' });
    const limited = lineError(fetchError(429, { 'retry-after': '30' })) as PlatformError;
    expect([limited.transient, limited.retryAfterMs]).toEqual([true, 30_000]);
    expect((lineError(fetchError(503)) as PlatformError).transient).toBe(true);
    expect((lineError(fetchError(400)) as PlatformError).transient).toBe(false);
    expect((lineError(new TypeError('fetch failed')) as PlatformError).transient).toBe(true);
  });
  it('waits before retrying a LINE reply: Retry-After when given (at most 5 s), else half a second', () => {
    const fetchError = (status: number, headers: Record<string, string> = {}) =>
      new HTTPFetchError(`${status}`, { status, statusText: 'x', headers: new Headers(headers), body: '{}' });
    expect(replyRetryDelayMs(fetchError(500))).toBe(500);
    expect(replyRetryDelayMs(fetchError(429))).toBe(500);
    expect(replyRetryDelayMs(fetchError(429, { 'retry-after': '2' }))).toBe(2_000);
    expect(replyRetryDelayMs(fetchError(429, { 'retry-after': '0' }))).toBe(0);
    expect(replyRetryDelayMs(fetchError(503, { 'retry-after': '120' }))).toBe(5_000);
    expect(replyRetryDelayMs(new TypeError('fetch failed'))).toBe(500);
    expect(replyRetryDelayMs(fetchError(400))).toBeNull();
  });
  it('refuses conversation ids of another platform as permanent', () => {
    expect(chatIdOf('telegram:-100123')).toBe(-100123);
    expect(() => chatIdOf('line:U1')).toThrow(PlatformError);
  });
  it('derives retry keys as stable version-5-style UUIDs', () => {
    const uuid = retryKeyUuid('telegram:1|4.1|2022-09-30|7');
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retryKeyUuid('telegram:1|4.1|2022-09-30|7')).toBe(uuid);
  });
});

describe('webhookStatus', () => {
  const of = (...outcomes: DeliveryOutcome[]) => Promise.resolve(outcomes.map((outcome) => ({ outcome })));
  it('asks the platform to deliver again what another instance holds or what reached nobody', async () => {
    expect(await webhookStatus(of('answered', 'duplicate', 'apologized'), 1000)).toBe(200);
    expect(await webhookStatus(of('answered', 'busy'), 1000)).toBe(503);
    expect(await webhookStatus(of('failed', 'answered'), 1000)).toBe(500);
  });
  it('answers 200 for work that does not finish in time, without cancelling it', async () => {
    let finish: () => void = () => {};
    const work = new Promise<DeliveryResult[]>((resolve) => (finish = () => resolve([])));
    expect(await webhookStatus(work, 1)).toBe(200);
    finish();
    await expect(work).resolves.toEqual([]);
  });
});

describe('within', () => {
  afterEach(() => vi.useRealTimers());
  const late = () => new Error('late');
  it('gives the work’s value or error, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(within(Promise.resolve(7), 30_000, late)).resolves.toBe(7);
    await expect(within(Promise.reject(new Error('refused')), 30_000, late)).rejects.toThrow('refused');
    expect(vi.getTimerCount()).toBe(0);
  });
  it('rejects with the timeout’s error when the work takes longer, and ignores its later result', async () => {
    vi.useFakeTimers();
    let fail: (e: Error) => void = () => {};
    const work = new Promise<number>((_, reject) => (fail = reject));
    const bounded = within(work, 30_000, late);
    const outcome = bounded.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await outcome).toEqual(new Error('late'));
    fail(new Error('too late'));
    await expect(work).rejects.toThrow('too late');
  });
});

describe('webhookStatus timers', () => {
  afterEach(() => vi.useRealTimers());
  it('leaves no timer behind once the deliveries settled, and passes their failure on', async () => {
    vi.useFakeTimers();
    expect(await webhookStatus(Promise.resolve([{ outcome: 'answered' as const }]), 2_000)).toBe(200);
    await expect(webhookStatus(Promise.reject(new Error('broken')), 2_000)).rejects.toThrow('broken');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('LINE retry keys', () => {
  it('passes a UUID retry key through unchanged', () => {
    const key = '123e4567-e89b-12d3-a456-426614174000';
    expect(retryKeyUuid(key)).toBe(key);
    expect(retryKeyUuid(key.toUpperCase())).toBe(key);
  });
});

describe('task cards', () => {
  const plan = loadPlan();
  const task = (id: string) => plan.tasks.find((t) => t.id === id) as Task;
  const card = (id: string, role?: 'lead' | 'partner') =>
    taskCard({ task: task(id), sentences: [], deadlines: [], targets: [], ...(role ? { role } : {}) });

  it('names the leads where the plan sets them, and never invents one where it does not', () => {
    expect(card('4.1').lines[0]).toContain('省政府办公厅');
    expect(card('2.3').lines[0]).toMatch(/^未设牵头单位/);
    expect(card('2.3').lines[0]).not.toMatch(/^牵头/);
    expect(card('6.1').lines[0]).not.toContain('牵头：');
  });
  it('shows the agency role first and the deadlines after', () => {
    const lines = card('4.1', 'partner').lines;
    expect(lines[0]).toBe(MESSAGES.cardRolePartner);
    expect(lines.slice(2)).toEqual(task('4.1').deadlines.map((d) => `${d.label}：${d.text}`));
  });
});
