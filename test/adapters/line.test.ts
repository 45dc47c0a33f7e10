import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryKeyUuid } from '../../adapters/line/push.ts';
import { MESSAGES } from '../../src/messages.ts';
import { LineDriver } from './drivers.ts';
import { FAKE_LINE_BOT_USER_ID } from './fakes/line-api.ts';
import { createApp, post, type App } from './harness.ts';

let app: App;
let line: LineDriver;

beforeAll(async () => {
  app = await createApp();
});
afterAll(async () => {
  await app.close();
});
beforeEach(async () => {
  line = new LineDriver();
  await line.start(app);
});
afterEach(async () => {
  await line.stop();
});

const engineText = (q: string) => app.engine.answer(q, { now: app.clock.now(), context: null }).answer.text;
const groupText = (text: string, mentionees?: unknown[]) =>
  line.event('group', {
    type: 'message',
    message: {
      id: '1',
      type: 'text',
      quoteToken: 'q',
      text,
      ...(mentionees ? { mention: { mentionees } } : {}),
    },
  });

describe('line webhook', () => {
  it("answers the console's verify request (no events) with 200 and sends nothing", async () => {
    expect((await line.deliver([])).status).toBe(200);
    expect(line.sentCount()).toBe(0);
  });

  it('checks the signature over the exact bytes received', async () => {
    const body = JSON.stringify({ destination: 'U0', events: [line.textEvent('private', '谁牵头川渝通办')] });
    const tampered = body.replace('川渝', '成渝');
    expect((await post(line.url, tampered, { 'x-line-signature': line.sign(body) })).status).toBe(401);
    expect((await post(line.url, body, { 'x-line-signature': 'not-base64-at-all' })).status).toBe(401);
    expect((await post(line.url, body, { 'x-line-signature': line.sign(body) })).status).toBe(200);
    expect(line.sentCount()).toBe(1);
  });

  it('refuses a chunked body without Content-Length once it passes 1 MB (413)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(line.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': line.sign('{}') },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
      });
      // Chunked, 64 KB at a time, 2 MB in all: the server must answer before the end.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 32) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(line.sentCount()).toBe(0);
  });

  it('refuses a signed body that is JSON but not a webhook with 400', async () => {
    const body = JSON.stringify({ events: 'none' });
    expect((await post(line.url, body, { 'x-line-signature': line.sign(body) })).status).toBe(400);
  });

  it('handles the events of one delivery in order, keeping the conversation context', async () => {
    await line.deliver([
      line.textEvent('private', '谁牵头川渝通办'),
      line.textEvent('private', '那它什么时候截止'),
    ]);
    const shown = await line.waitShown('private', 2);
    expect(shown[0]).toBe(engineText('谁牵头川渝通办'));
    expect(shown[1]).toContain('9月底前');
  });

  it('does not answer a redelivered event twice, but answers a redelivery it never saw', async () => {
    const event = line.textEvent('private', '谁牵头川渝通办', false, { id: '01REDELIVERYSEEN000000001' });
    await line.deliver([event]);
    await line.deliver([{ ...event, deliveryContext: { isRedelivery: true } }]);
    const unseen = line.textEvent('private', '保障措施有哪些', false, {
      id: '01REDELIVERYNEW0000000001',
      redelivery: true,
    });
    await line.deliver([unseen]);
    expect(await line.waitShown('private', 2)).toEqual([
      engineText('谁牵头川渝通办'),
      engineText('保障措施有哪些'),
    ]);
  });

  it('answers a postback from a card button, and says when a postback is not understood', async () => {
    await line.deliver([line.event('private', { type: 'postback', postback: { data: 'ask:4.1' } })]);
    await line.deliver([
      line.event('private', { type: 'postback', postback: { data: 'action=buy&itemid=111' } }),
    ]);
    const shown = await line.waitShown('private', 2);
    expect(shown).toEqual([engineText('4.1'), MESSAGES.buttonExpired]);
  });

  it('answers in groups when mentioned or called by keyword, and stays quiet otherwise', async () => {
    await line.deliver([groupText('谁牵头川渝通办')]);
    await line.deliver([
      groupText('@老王 谁牵头川渝通办', [{ index: 0, length: 3, type: 'user', userId: 'Uother' }]),
    ]);
    expect(line.sentCount()).toBe(0);

    await line.deliver([groupText(`${line.keyword}，谁牵头川渝通办`)]);
    // A mention that names the bot by its user id (from getBotInfo), without isSelf.
    await line.deliver([
      groupText('@Workplan 保障措施有哪些', [
        { index: 0, length: 9, type: 'user', userId: FAKE_LINE_BOT_USER_ID },
      ]),
    ]);
    expect(await line.waitShown('group', 2)).toEqual([
      engineText('谁牵头川渝通办'),
      engineText('保障措施有哪些'),
    ]);
  });

  it('shows a long list as a Flex carousel with quick replies, within LINE limits', async () => {
    await line.sendText('private', '大数据中心负责哪些工作');
    await line.waitShown('private', 2);
    const answer = app.engine.answer('大数据中心负责哪些工作', { now: app.clock.now() }).answer;
    const messages = line.api.replies()[0]?.body.messages ?? [];
    expect(messages.map((m) => m.type)).toEqual(['text', 'flex']);
    expect(messages[0]?.text).toBe(answer.text.split('\n')[0]);
    const bubbles = messages[1]?.contents?.contents ?? [];
    expect(bubbles).toHaveLength(Math.min(12, answer.matches.length));
    expect(bubbles.map((b) => b.footer?.contents[0]?.action.data)).toEqual(
      answer.matches.slice(0, 12).map((m) => `ask:${m.task.id}`),
    );
    const quick = messages[1]?.quickReply?.items ?? [];
    expect(quick.map((q) => q.action.text)).toEqual(answer.suggestions.slice(0, 13).map((s) => s.text));
  });

  it('retries a throttled or failing reply within the token life, then answers', async () => {
    line.api.failNext('/v2/bot/message/reply', {
      status: 429,
      message: 'Too Many Requests',
      headers: { 'retry-after': '0' },
    });
    line.api.failNext('/v2/bot/message/reply', { status: 500, message: 'Internal error' });
    await line.sendText('private', '谁牵头川渝通办');
    expect(await line.waitShown('private', 1)).toEqual([engineText('谁牵头川渝通办')]);
    expect(line.api.calls.map((c) => c.path)).toEqual([
      '/v2/bot/message/reply:failed',
      '/v2/bot/message/reply:failed',
      '/v2/bot/message/reply',
    ]);
  });

  it('ignores events in standby mode and event types it does not know', async () => {
    await line.deliver([
      { ...line.textEvent('private', '谁牵头川渝通办'), mode: 'standby' },
      line.event('private', { type: 'beacon', beacon: { hwid: 'd41d8cd98f', type: 'enter' } }),
    ]);
    expect(line.sentCount()).toBe(0);
  });

  it('greets a new friend with help, and a group with how to address the bot', async () => {
    await line.deliver([line.event('private', { type: 'follow', follow: { isUnblocked: false } })]);
    await line.deliver([line.event('group', { type: 'join' })]);
    expect(await line.waitShown('private', 1)).toEqual([engineText('帮助')]);
    expect(await line.waitShown('group', 1)).toEqual([MESSAGES.lineGroupUsage(line.keyword)]);
  });
});

describe('line push', () => {
  const reply = { text: '提醒：9月底前实现第三批“川渝通办”事项落地', choices: [], citations: [] };

  it('sends X-Line-Retry-Key, a UUID derived from the retry key, and treats 409 as already delivered', async () => {
    const to = line.conversationId('private');
    await line.adapter.pushTarget.push(to, reply, { retryKey: 'telegram:1|4.1|2022-09-30|7' });
    await line.adapter.pushTarget.push(to, reply, { retryKey: 'telegram:1|4.1|2022-09-30|7' });
    const pushes = line.api.pushes();
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.headers['x-line-retry-key']).toBe(retryKeyUuid('telegram:1|4.1|2022-09-30|7'));
    expect(pushes[0]?.body.to).toBe(to.slice('line:'.length));
    expect(retryKeyUuid('another key')).not.toBe(retryKeyUuid('telegram:1|4.1|2022-09-30|7'));
  });

  it('maps a 500 to a transient failure', async () => {
    line.api.failNext('/v2/bot/message/push', { status: 500, message: 'Internal error' });
    const error = await line.adapter.pushTarget
      .push(line.conversationId('group'), reply, { retryKey: 'k500' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'platform_transient' });
  });
});
