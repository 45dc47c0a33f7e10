import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DingtalkApi } from '../../adapters/dingtalk/api.ts';
import { PlatformError } from '../../src/errors.ts';
import { FakeDingtalkApi } from './fakes/dingtalk-api.ts';

let fake: FakeDingtalkApi;
let baseUrl: string;

beforeAll(async () => {
  fake = new FakeDingtalkApi();
  baseUrl = await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
});

const client = (secret = fake.clientSecret) =>
  new DingtalkApi({ clientId: fake.clientId, clientSecret: secret, robotCode: fake.robotCode, baseUrl });
const text = (content: string) => ({ kind: 'text' as const, content });
const failure = (e: unknown) => e as PlatformError;

describe('dingtalk OpenAPI client', () => {
  it('fetches one access token for many sends, not one per message', async () => {
    const api = client();
    const before = fake.tokenRequests;
    await Promise.all([api.sendToUser('staff1', text('一')), api.sendToUser('staff2', text('二'))]);
    await api.sendToGroup('cidGroup1', text('三'));
    expect(fake.tokenRequests - before).toBe(1);
    expect(fake.shownTo('user:staff1').map((c) => c.text)).toEqual(['一']);
    expect(fake.shownTo('group:cidGroup1').map((c) => c.text)).toEqual(['三']);
  });

  it('renews a token that expires mid-run and still sends the message, once', async () => {
    const api = client();
    await api.sendToUser('staff1', text('之前'));
    const before = fake.tokenRequests;
    fake.expireTokens();
    await api.sendToUser('staff1', text('之后'));
    expect(fake.tokenRequests - before).toBe(1);
    expect(fake.shownTo('user:staff1').map((c) => c.text)).toEqual(['之前', '之后']);
  });

  it('says a wrong AppSecret is transient (ours to fix, nobody is unsubscribed) and sends nothing', async () => {
    const e = failure(
      await client('wrong-secret')
        .sendToUser('staff1', text('x'))
        .catch((err: unknown) => err),
    );
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.transient).toBe(true);
    expect(e.message).not.toContain('wrong-secret');
    expect(fake.calls).toHaveLength(0);
  });

  it('reads batchSend lists: a staff id that left is permanent, a flow-controlled one transient', async () => {
    const api = client();
    fake.forgetStaff('gone');
    const gone = failure(await api.sendToUser('gone', text('x')).catch((e: unknown) => e));
    expect(gone.transient).toBe(false);

    fake.perConversationLimit = 1;
    try {
      await api.sendToUser('busy', text('一'));
      const limited = failure(await api.sendToUser('busy', text('二')).catch((e: unknown) => e));
      expect(limited.transient).toBe(true);
      expect(limited.retryAfterMs).toBeGreaterThan(0);
      expect(fake.shownTo('user:busy').map((c) => c.text)).toEqual(['一']);
    } finally {
      fake.perConversationLimit = 20;
    }
  });

  it('classifies group failures: robot not in the group is permanent; 429 and 500 transient', async () => {
    const api = client();
    fake.forgetGroup('cidGone');
    expect(failure(await api.sendToGroup('cidGone', text('x')).catch((e: unknown) => e)).transient).toBe(
      false,
    );

    fake.failNext('/v1.0/robot/groupMessages/send', {
      status: 429,
      code: 'Throttling.Api',
      message: 'too many requests',
      headers: { 'retry-after': '30' },
    });
    const throttled = failure(await api.sendToGroup('cidGroup1', text('x')).catch((e: unknown) => e));
    expect(throttled.transient).toBe(true);
    expect(throttled.retryAfterMs).toBe(30_000);

    fake.failNext('/v1.0/robot/groupMessages/send', { status: 500, code: 'InternalError', message: 'boom' });
    expect(failure(await api.sendToGroup('cidGroup1', text('x')).catch((e: unknown) => e)).transient).toBe(
      true,
    );
    expect(fake.shownTo('group:cidGroup1')).toHaveLength(0);
  });

  it('answers through a session webhook while it is valid, and is refused once it expired', async () => {
    const api = client();
    const session = fake.openSession('user:staff1');
    await api.replyBySession(session.url, text('会话内回复'));
    expect(fake.shownTo('user:staff1').map((c) => [c.via, c.text])).toEqual([['session', '会话内回复']]);
    fake.expireSessions();
    const expired = failure(await api.replyBySession(session.url, text('晚了')).catch((e: unknown) => e));
    expect(expired).toBeInstanceOf(PlatformError);
    expect(expired.transient).toBe(false);
    expect(fake.shownTo('user:staff1')).toHaveLength(1);
  });

  it('is refused by the templates when a message is malformed (the fake checks msgParam per msgKey)', async () => {
    const api = client();
    const e = failure(
      await api
        .sendToUser('staff1', {
          kind: 'actionCard',
          title: '',
          text: 'x',
          buttons: [{ title: 'a', question: 'q' }],
        })
        .catch((err: unknown) => err),
    );
    expect(e.transient).toBe(false);
    expect(e.message).toContain('param.invalid');
  });
});
