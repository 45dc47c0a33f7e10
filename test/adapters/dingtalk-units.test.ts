import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  conversationIdOf,
  parseRobotMessage,
  questionOf,
  type RobotMessage,
} from '../../adapters/dingtalk/message.ts';
import { Pacer } from '../../adapters/pacer.ts';
import {
  DINGTALK_TEXT_LIMIT,
  proactiveMessage,
  renderReply,
  sendMessageLink,
  sessionWebhookBody,
} from '../../adapters/dingtalk/render.ts';
import {
  SIGNATURE_MAX_SKEW_MS,
  checkDingtalkSignature,
  dingtalkSign,
} from '../../adapters/dingtalk/signature.ts';
import { BadInputError } from '../../src/errors.ts';

const SECRET = 'fake-dingtalk-app-secret';
const NOW = 1_700_000_000_000;

describe('dingtalk callback signature', () => {
  it('is Base64(HmacSHA256(appSecret, timestamp + "\\n" + appSecret)), as DingTalk documents it', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}\n${SECRET}`).digest('base64');
    expect(dingtalkSign(String(NOW), SECRET)).toBe(expected);
  });

  it('accepts a fresh, correct pair', () => {
    const timestamp = String(NOW - 5_000);
    expect(checkDingtalkSignature({ timestamp, sign: dingtalkSign(timestamp, SECRET) }, SECRET, NOW)).toEqual(
      {
        ok: true,
      },
    );
  });

  it('refuses a wrong secret, a missing header, a malformed or stale timestamp, and says which', () => {
    const t = String(NOW);
    const check = (timestamp: string | undefined, sign: string | undefined) =>
      checkDingtalkSignature({ timestamp, sign }, SECRET, NOW);
    expect(check(t, dingtalkSign(t, 'someone-elses-secret'))).toEqual({ ok: false, reason: 'bad sign' });
    expect(check(t, undefined)).toEqual({ ok: false, reason: 'missing headers' });
    expect(check(undefined, dingtalkSign(t, SECRET))).toEqual({ ok: false, reason: 'missing headers' });
    expect(check('12ab', dingtalkSign('12ab', SECRET))).toEqual({ ok: false, reason: 'malformed timestamp' });
    const stale = String(NOW - SIGNATURE_MAX_SKEW_MS - 1);
    expect(check(stale, dingtalkSign(stale, SECRET))).toEqual({ ok: false, reason: 'stale timestamp' });
    const future = String(NOW + SIGNATURE_MAX_SKEW_MS + 1);
    expect(check(future, dingtalkSign(future, SECRET))).toEqual({ ok: false, reason: 'stale timestamp' });
  });

  it('signs the timestamp text as sent, so a re-formatted number does not pass', () => {
    const t = String(NOW);
    expect(
      checkDingtalkSignature({ timestamp: `0${t}`, sign: dingtalkSign(t, SECRET) }, SECRET, NOW),
    ).toEqual({
      ok: false,
      reason: 'bad sign',
    });
  });
});

const base = {
  msgId: 'msgABC',
  conversationId: 'cidGroup+1==',
  senderId: '$:LWCP_v1:$abc',
  senderStaffId: 'staff001',
  robotCode: 'dingfake',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=x',
  sessionWebhookExpiredTime: NOW + 60_000,
};
const message = (fields: Record<string, unknown>): RobotMessage =>
  parseRobotMessage(JSON.stringify({ ...base, ...fields }));

describe('dingtalk robot messages', () => {
  it('maps a one-to-one chat to its staff id and a group to its open conversation id', () => {
    expect(
      conversationIdOf(message({ conversationType: '1', msgtype: 'text', text: { content: 'x' } })),
    ).toBe('dingtalk:user:staff001');
    expect(
      conversationIdOf(message({ conversationType: '2', msgtype: 'text', text: { content: 'x' } })),
    ).toBe('dingtalk:group:cidGroup+1==');
    const outsider = message({
      conversationType: '1',
      senderStaffId: undefined,
      msgtype: 'text',
      text: { content: 'x' },
    });
    expect(conversationIdOf(outsider)).toBe('dingtalk:chat:cidGroup+1==');
  });

  it('reads the words of text, rich text and voice (its recognition); a picture asks nothing', () => {
    const one = { conversationType: '1' };
    expect(questionOf(message({ ...one, msgtype: 'text', text: { content: '  谁牵头川渝通办 ' } }))).toBe(
      '谁牵头川渝通办',
    );
    expect(
      questionOf(
        message({
          ...one,
          msgtype: 'richText',
          content: { richText: [{ text: '谁牵头' }, { pictureDownloadCode: 'x' }, { text: '川渝通办' }] },
        }),
      ),
    ).toBe('谁牵头川渝通办');
    expect(
      questionOf(message({ ...one, msgtype: 'audio', content: { recognition: '谁牵头川渝通办' } })),
    ).toBe('谁牵头川渝通办');
    expect(questionOf(message({ ...one, msgtype: 'picture', content: { downloadCode: 'x' } }))).toBeNull();
  });

  it('answers a bare @mention with help, and ignores a group message not addressed to the robot', () => {
    expect(
      questionOf(
        message({ conversationType: '2', isInAtList: true, msgtype: 'text', text: { content: ' ' } }),
      ),
    ).toBe('帮助');
    expect(
      questionOf(
        message({ conversationType: '2', isInAtList: false, msgtype: 'text', text: { content: '谁牵头' } }),
      ),
    ).toBeNull();
  });

  it('refuses a body that is not JSON or not a robot message with BadInputError', () => {
    expect(() => parseRobotMessage('{"msgId": ')).toThrow(BadInputError);
    expect(() => parseRobotMessage(JSON.stringify({ msgId: 'x' }))).toThrow(BadInputError);
  });
});

describe('dingtalk rendering', () => {
  const choices = [
    { label: '时间节点', text: '4.1什么时候截止' },
    { label: '配合单位', text: '4.1的配合单位有哪些' },
  ];

  it('sends a reply without choices as text, split under the limit at line breaks', () => {
    const text = Array.from({ length: 600 }, (_, i) => `${i}. 任务<${i}> & 节点`).join('\n');
    const messages = renderReply({ text, choices: [], citations: [] }, { group: false });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.kind).toBe('text');
      if (m.kind === 'text') expect(m.content.length).toBeLessThanOrEqual(DINGTALK_TEXT_LIMIT);
    }
    expect(messages.map((m) => (m.kind === 'text' ? m.content : '')).join('\n')).toBe(text);
  });

  it('puts choices on an ActionCard whose buttons send the question back (one-to-one only)', () => {
    const [card] = renderReply(
      { text: '牵头单位：省发展改革委\n时间节点：9月底前', choices, citations: [] },
      { group: false },
    );
    expect(card).toEqual({
      kind: 'actionCard',
      title: '牵头单位：省发展改革委',
      text: '牵头单位：省发展改革委  \n时间节点：9月底前',
      buttons: [
        { title: '时间节点', question: '4.1什么时候截止' },
        { title: '配合单位', question: '4.1的配合单位有哪些' },
      ],
    });
    expect(sendMessageLink('4.1什么时候截止')).toBe(
      `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent('4.1什么时候截止')}`,
    );
    // In a group a click would post without @mentioning the robot, which would never hear it.
    expect(renderReply({ text: 'x', choices, citations: [] }, { group: true })).toEqual([
      { kind: 'text', content: 'x' },
    ]);
  });

  it('shapes one message for the session webhook and for the proactive templates', () => {
    const [card] = renderReply({ text: '答', choices, citations: [] }, { group: false });
    if (!card) throw new Error('no message');
    expect(sessionWebhookBody(card)).toMatchObject({
      msgtype: 'actionCard',
      actionCard: { title: '答', text: '答', btns: [{ title: '时间节点' }, { title: '配合单位' }] },
    });
    const { msgKey, msgParam } = proactiveMessage(card);
    expect(msgKey).toBe('sampleActionCard2');
    expect(JSON.parse(msgParam)).toMatchObject({
      title: '答',
      text: '答',
      actionTitle1: '时间节点',
      actionTitle2: '配合单位',
    });
    const single = proactiveMessage({
      kind: 'actionCard',
      title: 't',
      text: 'x',
      buttons: [{ title: 'a', question: 'q' }],
    });
    expect(single.msgKey).toBe('sampleActionCard');
    expect(proactiveMessage({ kind: 'text', content: '提醒' })).toEqual({
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: '提醒' }),
    });
  });

  it('keeps at most five buttons, the most a template carries', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ label: `问题${i}`, text: `问题${i}` }));
    const [card] = renderReply({ text: '答', choices: many, citations: [] }, { group: false });
    expect(card?.kind === 'actionCard' && card.buttons.length).toBe(5);
    if (card) expect(proactiveMessage(card).msgKey).toBe('sampleActionCard5');
  });
});

describe('the pacer, with DingTalk-like limits', () => {
  /** A clock that only moves when the pacer sleeps or a send takes time: no wall-clock time. */
  const fakeTime = () => {
    const time = {
      at: 0,
      slept: [] as number[],
      now: () => time.at,
      sleep: async (ms: number) => {
        time.slept.push(ms);
        time.at += ms;
      },
    };
    return time;
  };
  const send =
    (time: { at: number }, tookMs = 0) =>
    async () => {
      time.at += tookMs;
    };

  it('lets sends go at once while under the limits', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 60_000, max: 3 }], spacingMs: 0, ...time });
    for (const c of ['a', 'b', 'a']) await pacer.run(c, send(time));
    expect(time.slept).toEqual([]);
  });

  it('makes a send over the per-conversation limit wait for the window, never dropping it nor holding up another conversation', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 60_000, max: 2 }], spacingMs: 0, ...time });
    const order: string[] = [];
    await Promise.all(
      ['a1', 'a2', 'a3', 'b1'].map((id) => pacer.run(id.slice(0, 1), send(time)).then(() => order.push(id))),
    );
    // One conversation's sends in call order; b's does not wait behind a's full window.
    expect(order.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3'));
    expect(time.slept).toEqual([60_000]);
  });

  it('counts a send from when it finished, so a slow network cannot squeeze one more into the window', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 1_000, max: 1 }], spacingMs: 0, ...time });
    await pacer.run('a', send(time, 300)); // started at 0, finished at 300
    await pacer.run('a', send(time));
    expect(time.at).toBe(1_300);
  });

  it('spaces the starts of any two sends of the app', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 60_000, max: 100 }], spacingMs: 100, ...time });
    await Promise.all(['a', 'b', 'c'].map((c) => pacer.run(c, send(time))));
    expect(time.slept).toEqual([100, 100]);
  });

  it('says how long a send would wait, without taking a turn', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 1_000, max: 1 }], spacingMs: 0, ...time });
    expect(pacer.waitMs('a')).toBe(0);
    await pacer.run('a', send(time, 200));
    expect(pacer.waitMs('a')).toBe(1_000);
    expect(pacer.waitMs('b')).toBe(0);
    expect(time.slept).toEqual([]);
  });

  it('hands back what the send returned, and counts a failed send too', async () => {
    const time = fakeTime();
    const pacer = new Pacer({ windows: [{ windowMs: 1_000, max: 1 }], spacingMs: 0, ...time });
    expect(await pacer.run('a', async () => 42)).toBe(42);
    await expect(pacer.run('a', async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(time.slept).toEqual([1_000]);
  });
});
