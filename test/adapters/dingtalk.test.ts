import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/adapter.ts';
import { createDingtalkAdapter } from '../../adapters/dingtalk/adapter.ts';
import { dingtalkSign } from '../../adapters/dingtalk/signature.ts';
import { PlatformError } from '../../src/errors.ts';
import { DingtalkDriver, DINGTALK_STAFF } from './dingtalk-driver.ts';
import { FakeDingtalkApi } from './fakes/dingtalk-api.ts';
import { FakeStreamGateway } from './fakes/dingtalk-stream.ts';
import { createApp, post, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await createApp();
});
afterAll(async () => {
  await app.close();
});

const engine = (q: string) => app.engine.answer(q, { now: app.clock.now(), context: null }).answer;

describe('dingtalk http mode', () => {
  let dt: DingtalkDriver;
  beforeEach(async () => {
    dt = new DingtalkDriver();
    await dt.start(app);
  });
  afterEach(async () => {
    await dt.stop();
  });

  it('refuses a stale timestamp with 401, sends nothing, and logs the reason without the secret', async () => {
    const old = String(Date.now() - 2 * 60 * 60_000);
    const headers = { timestamp: old, sign: dingtalkSign(old, dt.api.clientSecret) };
    const res = await dt.deliver(dt.textMessage('private', '谁牵头川渝通办'), headers);
    expect(res.status).toBe(401);
    expect(dt.sentCount()).toBe(0);
    expect(
      app.logs.some((l) => l.msg === 'request refused' && String(l.reason).includes('stale timestamp')),
    ).toBe(true);
    expect(app.logText()).not.toContain(dt.api.clientSecret);
    expect(app.logText()).not.toContain(headers.sign);
  });

  it('answers through the session webhook while it is valid', async () => {
    await dt.sendText('private', '谁牵头川渝通办');
    const [call] = await dt.api.waitFor((c) => c.via !== 'other');
    expect(call?.via).toBe('session');
    expect(call?.text).toBe(engine('谁牵头川渝通办').text);
  });

  it('answers through batchSend (a person) or groupMessages/send (a group) once the session webhook expired', async () => {
    await dt.deliver(dt.textMessage('private', '谁牵头川渝通办', false, 0));
    await dt.deliver(dt.textMessage('group', '谁牵头川渝通办', true, 0));
    await dt.waitShown('private', 1);
    await dt.waitShown('group', 1);
    expect(dt.api.shownTo(dt.to('private')).map((c) => c.via)).toEqual(['user']);
    expect(dt.api.shownTo(dt.to('group')).map((c) => [c.via, c.text])).toEqual([
      ['group', engine('谁牵头川渝通办').text],
    ]);
  });

  it('falls back to the proactive API when DingTalk refuses a session webhook it had not yet timed out', async () => {
    const message = dt.textMessage('private', '谁牵头川渝通办');
    dt.api.expireSessions(); // expired at DingTalk, though the message says it is still valid
    await dt.deliver(message);
    const shown = await dt.waitShown('private', 1);
    expect(shown).toEqual([engine('谁牵头川渝通办').text]);
    expect(dt.api.shownTo(dt.to('private'))[0]?.via).toBe('user');
  });

  it('tries an answer again when the API fails for a moment (500), and it arrives once', async () => {
    dt.api.failNext('/v1.0/robot/oToMessages/batchSend', {
      status: 500,
      code: 'InternalError',
      message: 'busy',
    });
    await dt.deliver(dt.textMessage('private', '谁牵头川渝通办', false, 0));
    expect(await dt.waitShown('private', 1)).toEqual([engine('谁牵头川渝通办').text]);
    expect(dt.api.shownTo(dt.to('private'))).toHaveLength(1);
  });

  it('paces a burst of reminders under the per-conversation limit: all arrive, none is flow-controlled', async () => {
    const api = dt.api;
    api.perConversationLimit = 3;
    api.limitWindowMs = 400;
    const adapter = createDingtalkAdapter(
      {
        clientId: api.clientId,
        clientSecret: api.clientSecret,
        robotCode: api.robotCode,
        mode: 'http',
        apiBaseUrl: api.baseUrl,
        pace: { windows: [{ windowMs: 450, max: 3 }], spacingMs: 0 },
      },
      app.deps,
    );
    const texts = Array.from({ length: 7 }, (_, i) => `提醒 ${i}`);
    await Promise.all(
      texts.map((text, i) =>
        adapter.pushTarget.push(
          dt.conversationId('private'),
          { text, choices: [], citations: [] },
          { retryKey: `k${i}` },
        ),
      ),
    );
    expect(dt.shown('private')).toEqual(texts);
  });

  it("leaves a reminder the conversation's limit would hold to the scheduler's next tick, sending nothing", async () => {
    const adapter = createDingtalkAdapter(
      {
        clientId: dt.api.clientId,
        clientSecret: dt.api.clientSecret,
        robotCode: dt.api.robotCode,
        mode: 'http',
        apiBaseUrl: dt.api.baseUrl,
        pace: { windows: [{ windowMs: 60_000, max: 1 }], spacingMs: 0 },
      },
      app.deps,
    );
    const reply = { text: '提醒', choices: [], citations: [] };
    await adapter.pushTarget.push(dt.conversationId('private'), reply, { retryKey: 'a' });
    const held = await adapter.pushTarget
      .push(dt.conversationId('private'), reply, { retryKey: 'b' })
      .catch((e: unknown) => e);
    expect(held).toBeInstanceOf(PlatformError);
    expect((held as PlatformError).transient).toBe(true);
    expect(dt.shown('private')).toEqual(['提醒']);
  });

  it('renews an access token that expired mid-run and still answers, once', async () => {
    await dt.deliver(dt.textMessage('private', '谁牵头川渝通办', false, 0));
    await dt.waitShown('private', 1);
    const before = dt.api.tokenRequests;
    dt.api.expireTokens();
    await dt.deliver(dt.textMessage('private', '保障措施有哪些', false, 0));
    const shown = await dt.waitShown('private', 2);
    expect(shown[1]).toBe(engine('保障措施有哪些').text);
    expect(dt.api.tokenRequests - before).toBe(1);
    expect(dt.api.shownTo(dt.to('private'))).toHaveLength(2);
  });

  it('shows next questions as ActionCard buttons whose clicks come back as questions', async () => {
    await dt.sendText('private', '谁牵头川渝通办');
    const [card] = await dt.api.waitFor((c) => c.via === 'session');
    expect(card?.body.msgtype).toBe('actionCard');
    const expected = engine('谁牵头川渝通办')
      .suggestions.slice(0, 5)
      .map((s) => s.text);
    expect(card?.buttons).toEqual(expected);
    // A click makes the client send the button's question into the chat as the user.
    const question = card?.buttons[0] ?? '';
    await dt.sendText('private', question);
    const shown = await dt.waitShown('private', 2);
    expect(shown[1]).toBe(
      app.engine.answer(question, {
        now: app.clock.now(),
        context: app.engine.answer('谁牵头川渝通办', { now: app.clock.now(), context: null }).context,
      }).answer.text,
    );
  });

  it('does not follow a session webhook to a host that is not DingTalk; answers through the API instead', async () => {
    const message = dt.textMessage('private', '谁牵头川渝通办');
    message.sessionWebhook = 'http://203.0.113.9/robot/sendBySession?session=evil';
    await dt.deliver(message);
    await dt.waitShown('private', 1);
    expect(dt.api.shownTo(dt.to('private')).map((c) => c.via)).toEqual(['user']);
  });

  it('answers a group @mention with text only: a button click there would not reach the robot', async () => {
    await dt.sendText('group', '谁牵头川渝通办', { addressed: true });
    const [call] = await dt.api.waitFor((c) => c.via === 'session');
    expect(call?.body.msgtype).toBe('text');
    expect(call?.buttons).toEqual([]);
  });

  it('refuses a callback whose sign was made for another timestamp', async () => {
    const now = String(Date.now());
    const res = await post(dt.url, JSON.stringify(dt.textMessage('private', 'x')), {
      timestamp: now,
      sign: dingtalkSign(String(Number(now) - 1), dt.api.clientSecret),
    });
    expect(res.status).toBe(401);
    expect(dt.sentCount()).toBe(0);
  });
});

describe('dingtalk stream mode', () => {
  let api: FakeDingtalkApi;
  let gateway: FakeStreamGateway;
  let adapter: Adapter;
  let dt: DingtalkDriver; // only its message builder, against this block's fake

  beforeEach(async () => {
    gateway = new FakeStreamGateway();
    await gateway.start();
    api = new FakeDingtalkApi();
    api.attachGateway(gateway);
    const baseUrl = await api.start();
    dt = new DingtalkDriver(api);
    adapter = createDingtalkAdapter(
      {
        clientId: api.clientId,
        clientSecret: api.clientSecret,
        robotCode: api.robotCode,
        mode: 'stream',
        apiBaseUrl: baseUrl,
        pace: { windows: [{ windowMs: 60_000, max: 20 }], spacingMs: 0 },
      },
      app.deps,
    );
    await adapter.start();
  });
  afterEach(async () => {
    await adapter.stop();
    await gateway.stop();
    await api.stop();
  });

  const shown = () => api.shownTo(`user:${DINGTALK_STAFF}`).map((c) => c.text);

  it('has no HTTP route, answers through the session webhook and then acknowledges the frame', async () => {
    expect(adapter.mode).toBe('stream');
    expect(adapter.routes()).toEqual([]);
    const id = gateway.deliver(dt.textMessage('private', '谁牵头川渝通办'));
    await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
    expect(shown()).toEqual([engine('谁牵头川渝通办').text]);
  });

  it('leaves a message whose answer and apology both failed unacknowledged, and answers it when it comes again', async () => {
    dt.refuseReplyAndApology();
    const id = gateway.deliver(dt.textMessage('private', '谁牵头川渝通办'));
    await gateway.waitFor((c) => c.kind === 'sent' && c.messageId === id && c.redelivery);
    await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
    // Nothing was shown by the failed attempt; the redelivery's answer was, once.
    expect(shown()).toEqual([engine('谁牵头川渝通办').text]);
    // Acknowledged only after the answer went out.
    const ackedAt = gateway.calls.findIndex((c) => c.kind === 'ack' && c.messageId === id);
    expect(
      gateway.calls.slice(0, ackedAt).filter((c) => c.kind === 'sent' && c.messageId === id).length,
    ).toBeGreaterThan(1);
  });

  it('answers a message DingTalk delivers twice (same msgId, new frame) once', async () => {
    const message = dt.textMessage('private', '谁牵头川渝通办');
    gateway.deliver(message);
    gateway.deliver(message);
    gateway.deliver(dt.textMessage('private', '保障措施有哪些'));
    await api.waitFor((c) => c.via === 'session', 2);
    await app.deps.delivery.drain();
    expect(shown()).toEqual([engine('谁牵头川渝通办').text, engine('保障措施有哪些').text]);
  });

  it('keeps answering after the connection dies and comes back', async () => {
    const connected = gateway.calls.filter((c) => c.kind === 'connected').length;
    gateway.drop();
    gateway.deliver(dt.textMessage('private', '谁牵头川渝通办'));
    await gateway.waitFor(() => gateway.calls.filter((c) => c.kind === 'connected').length > connected);
    await api.waitFor((c) => c.via === 'session');
    expect(shown()).toEqual([engine('谁牵头川渝通办').text]);
  });

  it('acknowledges and skips a frame that is not a robot message, and goes on', async () => {
    const bad = gateway.deliver({ hello: 'not a robot message' });
    gateway.deliver(dt.textMessage('private', '谁牵头川渝通办'));
    await api.waitFor((c) => c.via === 'session');
    expect(gateway.acked(bad)).toBe(true);
    expect(app.logs.some((l) => l.msg === 'DingTalk stream frame unreadable')).toBe(true);
  });
});
