import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { LineDriver, TelegramDriver, type PlatformDriver } from './drivers.ts';
import { DingtalkDriver } from './dingtalk-driver.ts';
import { WecomDriver } from './wecom-driver.ts';
import {
  EXPLODING_QUESTION,
  LONG_REPLY_QUESTION,
  createApp,
  longReplyText,
  postHuge,
  type App,
} from './harness.ts';

/**
 * One contract, every adapter: what a user and an operator can rely on whichever platform the bot
 * runs on. Real webhook requests go in; what the fake platform API received comes out.
 */
describe.each([
  ['telegram', () => new TelegramDriver()],
  ['line', () => new LineDriver()],
  ['wecom', () => new WecomDriver()],
  ['dingtalk', () => new DingtalkDriver()],
])('adapter contract: %s', (_name, makeDriver: () => PlatformDriver) => {
  let app: App;
  let driver: PlatformDriver;

  beforeAll(async () => {
    app = await createApp();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    driver = makeDriver();
    await driver.start(app);
  });
  afterEach(async () => {
    await driver.stop();
  });

  const engineText = (question: string) =>
    app.engine.answer(question, { now: app.clock.now(), context: null }).answer.text;

  it('answers a question in a private chat with the engine answer', async () => {
    const res = await driver.sendText('private', '谁牵头川渝通办');
    expect(res.status).toBe(200);
    const shown = await driver.waitShown('private', 1);
    expect(shown).toEqual([engineText('谁牵头川渝通办')]);
  });

  it('keeps follow-up context per conversation', async () => {
    await driver.sendText('private', '谁牵头川渝通办');
    await driver.sendText('private', '那它什么时候截止');
    const shown = await driver.waitShown('private', 2);
    expect(shown[1]).toContain('9月底前');
    expect(shown[1]).toContain('4.1');
  });

  it('stays quiet in a group unless addressed, and answers when mentioned', async () => {
    const quiet = await driver.sendText('group', '谁牵头川渝通办');
    expect(quiet.status).toBe(200);
    expect(driver.sentCount()).toBe(0);

    await driver.sendText('group', '谁牵头川渝通办', { addressed: true });
    const shown = await driver.waitShown('group', 1);
    expect(shown).toEqual([engineText('谁牵头川渝通办')]);
  });

  it('answers a redelivered update once', async () => {
    await driver.sendText('private', '谁牵头川渝通办');
    const again = await driver.redeliverLast();
    expect(again.status).toBe(200);
    await driver.sendText('private', '保障措施有哪些'); // a later, distinct update flushes the chat
    const shown = await driver.waitShown('private', 2);
    expect(shown.filter((t) => t === engineText('谁牵头川渝通办'))).toHaveLength(1);
  });

  it('answers the redelivery of an update that nothing was delivered for, once', async () => {
    driver.refuseReplyAndApology();
    const before = app.logs.length;
    const first = await driver.sendText('private', '谁牵头川渝通办');
    // "Deliver it again", unless the platform is answered before the update is handled (WeCom).
    if (!driver.answersAtOnce) expect(first.status).toBeGreaterThanOrEqual(500);
    await vi.waitFor(() => expect(app.logs.slice(before).some((l) => l.intent === 'error')).toBe(true));
    expect(driver.shown('private')).toEqual([]);
    expect((await driver.redeliverLast()).status).toBe(200);
    expect((await driver.redeliverLast()).status).toBe(200); // answered now: dropped
    await driver.sendText('private', '保障措施有哪些');
    const shown = await driver.waitShown('private', 2);
    expect(shown).toEqual([engineText('谁牵头川渝通办'), engineText('保障措施有哪些')]);
  });

  it('refuses a forged or unauthenticated request with 401 and sends nothing', async () => {
    const before = app.logs.length;
    expect((await driver.sendForged('谁牵头川渝通办')).status).toBe(401);
    expect((await driver.sendUnauthenticated('谁牵头川渝通办')).status).toBe(401);
    expect(driver.sentCount()).toBe(0);
    // The operator learns why; the log holds the reason, not the request.
    const refused = app.logs.slice(before).filter((l) => l.msg === 'request refused');
    expect(refused).toHaveLength(2);
    expect(refused.every((l) => typeof l.reason === 'string' && l.status === 401)).toBe(true);
    expect(JSON.stringify(refused)).not.toContain('谁牵头川渝通办');
  });

  it('refuses an unauthenticated request before reading its body, and closes the connection', async () => {
    const { url, headers } = driver.unauthenticatedTarget();
    const res = await postHuge(url, 100 * 1024 * 1024, headers);
    expect(res.status).toBe(401);
    expect(res.connection).toBe('close');
    expect(res.written).toBeLessThan(8 * 1024 * 1024);
    expect(driver.sentCount()).toBe(0);
  });

  it('refuses malformed JSON with 400 and an oversized body with 413, sending nothing', async () => {
    expect((await driver.sendMalformed()).status).toBe(400);
    expect((await driver.sendOversized()).status).toBe(413);
    expect(driver.sentCount()).toBe(0);
  });

  it('accepts and ignores an update kind it does not handle', async () => {
    expect((await driver.sendUnknownKind()).status).toBe(200);
    expect(driver.sentCount()).toBe(0);
  });

  it('apologises when handling fails inside, and goes on answering', async () => {
    expect((await driver.sendText('private', EXPLODING_QUESTION)).status).toBe(200);
    expect(await driver.waitShown('private', 1)).toEqual([MESSAGES.internalError]);
    await driver.sendText('private', '谁牵头川渝通办');
    expect((await driver.waitShown('private', 2))[1]).toBe(engineText('谁牵头川渝通办'));
  });

  it('apologises when the platform refuses the answer', async () => {
    driver.refuseNextReply();
    await driver.sendText('private', '谁牵头川渝通办');
    expect(await driver.waitShown('private', 1)).toEqual([MESSAGES.internalError]);
  });

  it('splits a long reply at line boundaries under the platform limit, losing nothing', async () => {
    await driver.sendText('private', LONG_REPLY_QUESTION);
    const expected = longReplyText();
    // Platforms measure differently (UTF-16 units, bytes): wait until the whole text is there.
    let shown = await driver.waitShown('private', Math.ceil(expected.length / driver.textLimit));
    while (shown.join('\n').length < expected.length)
      shown = await driver.waitShown('private', shown.length + 1);
    expect(shown.length).toBeGreaterThan(1);
    for (const part of shown) {
      expect(part.length).toBeLessThanOrEqual(driver.textLimit);
      expect(part.endsWith('\n')).toBe(false);
    }
    expect(shown.join('\n')).toBe(expected); // "<", ">" and "&" arrive as typed
  });

  it('writes one structured log line per update, with the conversation hashed and no secrets', async () => {
    const before = app.logs.length;
    await driver.sendText('private', '谁牵头川渝通办');
    await driver.waitShown('private', 1);
    const updates = () => app.logs.slice(before).filter((l) => l.msg === 'update');
    await vi.waitFor(() => expect(updates()).toHaveLength(1)); // written once the reply is accepted
    const lines = updates();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ platform: driver.platform, intent: 'lead' });
    expect(typeof lines[0]?.ms).toBe('number');
    const raw = app.logText();
    // Everything after the platform prefix ("dingtalk:user:<staffId>" keeps two parts).
    const id = driver.conversationId('private');
    expect(raw).not.toContain(id.slice(id.indexOf(':') + 1));
    expect(raw).not.toContain('谁牵头川渝通办');
    for (const secret of [
      'fake-token_for-tests',
      'webhook-secret_for-tests',
      'fake-line-channel',
      'fake-wecom-secret',
      'fakeWecomCallbackToken',
      'fake-dingtalk-app-secret',
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it('pushes a reminder to a conversation', async () => {
    await driver.adapter.pushTarget.push(
      driver.conversationId('private'),
      { text: '提醒：9月底前实现第三批“川渝通办”事项落地 <4.1> & more', choices: [], citations: [] },
      { retryKey: 'sub:1:4.1:2022-09-30:7' },
    );
    expect(await driver.waitShown('private', 1)).toEqual([
      '提醒：9月底前实现第三批“川渝通办”事项落地 <4.1> & more',
    ]);
  });

  it('classifies push failures: a gone recipient is permanent, a rate limit transient', async () => {
    const reply = { text: '提醒', choices: [], citations: [] };
    driver.rateLimitNextPush(120);
    const limited = await driver.adapter.pushTarget
      .push(driver.conversationId('private'), reply, { retryKey: 'k1' })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(PlatformError);
    expect((limited as PlatformError).transient).toBe(true);
    if (driver.announcesRetryAfter) expect((limited as PlatformError).retryAfterMs).toBe(120_000);

    driver.loseRecipient('private');
    const gone = await driver.adapter.pushTarget
      .push(driver.conversationId('private'), reply, { retryKey: 'k2' })
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(PlatformError);
    expect((gone as PlatformError).transient).toBe(false);
  });
});

describe.each([
  ['telegram', () => new TelegramDriver()],
  ['line', () => new LineDriver()],
  ['wecom', () => new WecomDriver()],
  ['dingtalk', () => new DingtalkDriver()],
])('adapter contract, rate limited: %s', (_name, makeDriver: () => PlatformDriver) => {
  it('answers politely when a user asks too often, instead of dropping the message', async () => {
    const app = await createApp({ rateLimitPerMinute: 2 });
    const driver = makeDriver();
    await driver.start(app);
    try {
      for (const q of ['谁牵头川渝通办', '保障措施有哪些', '年底前要完成什么'])
        await driver.sendText('private', q);
      const shown = await driver.waitShown('private', 3);
      expect(shown[2]).toBe(MESSAGES.rateLimited);
    } finally {
      await driver.stop();
      await app.close();
    }
  });
});
