import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textReply } from '../../src/core/types.ts';
import { toContractJson } from '../../src/engine/contract.ts';
import { MESSAGES } from '../../src/messages.ts';
import { metrics } from '../../src/metrics.ts';
import { startTestApp, type TestApp } from './app.ts';
import { rawGet } from './listen.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rateLimitPerMinute: 20 });
});
afterAll(() => t.stop());

const post = (path: string, body: unknown, raw = false) =>
  fetch(`${t.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });

/** A fresh conversation per test, so neither context nor the rate limit leaks between tests. */
let chats = 0;
const newChat = () => `test-${++chats}`;

async function expectBadInput(res: Response, pattern: RegExp): Promise<void> {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = (await res.json()) as { error: string; message: string };
  expect(body.error).toBe('bad_input');
  expect(body.message).toMatch(pattern);
}

describe('POST /api/ask', () => {
  it('answers with exactly the CLI contract object of the engine answer', async () => {
    const res = await post('/api/ask', { question: '谁牵头川渝通办', chat: newChat() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'agency',
      'intent',
      'plan',
      'query',
      'question',
      'tasks',
      'text',
    ]);
    const direct = t.app.engine.answer('谁牵头川渝通办', { now: t.clock.now() }).answer;
    expect(body).toEqual(toContractJson(direct));
    expect(body).toMatchObject({
      intent: 'lead',
      agency: null,
      tasks: [
        {
          id: '4.1',
          leads: ['省政府办公厅', '省政务服务和资源交易服务中心', '省大数据中心'],
          deadlines: [
            { label: '9月底前', date: '2022-09-30', text: '9月底前实现第三批“川渝通办”事项落地' },
            {},
          ],
        },
      ],
    });
  });

  it('keeps follow-up context per chat id, and none without one', async () => {
    const chat = newChat();
    await post('/api/ask', { question: '谁牵头川渝通办', chat });
    const followUp = (await (await post('/api/ask', { question: '那它什么时候截止', chat })).json()) as {
      intent: string;
      tasks: { id: string }[];
    };
    expect(followUp.intent).toBe('when');
    expect(followUp.tasks.map((x) => x.id)).toEqual(['4.1']);

    const elsewhere = (await (
      await post('/api/ask', { question: '那它什么时候截止', chat: newChat() })
    ).json()) as {
      tasks: unknown[];
    };
    expect(elsewhere.tasks).toEqual([]);
    await post('/api/ask', { question: '谁牵头川渝通办' });
    const anonymous = (await (await post('/api/ask', { question: '那它什么时候截止' })).json()) as {
      tasks: unknown[];
    };
    expect(anonymous.tasks).toEqual([]);
  });

  it('answers a question of exactly 500 characters', async () => {
    const res = await post('/api/ask', { question: '川'.repeat(500), chat: newChat() });
    expect(res.status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"question": "谁牵头', /not valid JSON/],
    ['an empty body', '', /body is empty/],
    ['a JSON array', '["谁牵头川渝通办"]', /JSON object/],
    ['a JSON string', '"谁牵头川渝通办"', /JSON object/],
    ['no question', '{"chat": "abc"}', /question is required/],
    ['a number question', '{"question": 42}', /question must be a string/],
    ['a null question', '{"question": null}', /question must be a string/],
    ['a blank question', '{"question": "   "}', /question is empty/],
    ['a 501-character question', JSON.stringify({ question: '川'.repeat(501) }), /longer than 500/],
    [
      'an unknown field',
      '{"question": "谁牵头川渝通办", "now": "2022-09-01T00:00:00Z"}',
      /unknown field.*now/,
    ],
    ['a chat id with a slash', '{"question": "谁牵头川渝通办", "chat": "a/b"}', /chat must be/],
    ['a numeric chat id', '{"question": "谁牵头川渝通办", "chat": 7}', /chat must be a string/],
  ])('refuses %s with 400 and says what is wrong', async (_name, body, pattern) => {
    await expectBadInput(await post('/api/ask', body, true), pattern);
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ question: '川', pad: 'x'.repeat(20_000) });
    const declared = await post('/api/ask', big, true);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toBe('payload_too_large');
    expect(await chunkedStatus('/api/ask', big)).toBe(413);
  });

  it('refuses the wrong method with 405 and Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(`${t.base}/api/ask`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('still returns a contract object when a command answers instead of the engine', async () => {
    // A MessageHandler is how subscription commands plug in; this one stands in for them.
    t.app.bot.use(async (message, next) =>
      message.text.startsWith('/ping')
        ? { ...textReply('pong'), citations: [{ taskId: '2.3', title: '推进服务方式便利化' }] }
        : next(),
    );
    const body = await (await post('/api/ask', { question: '/ping', chat: newChat() })).json();
    expect(body).toMatchObject({ question: '/ping', intent: 'help', agency: null, text: 'pong' });
    expect((body as { tasks: { id: string }[] }).tasks.map((x) => x.id)).toEqual(['2.3']);
  });

  it('says "slow down" with 429 once a chat passes the rate limit', async () => {
    const chat = newChat();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post('/api/ask', { question: '帮助', chat })).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const limited = await post('/api/ask', { question: '帮助', chat });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { message: string }).message).toMatch(/太频繁/);
  });

  it('counts requests and answers by intent and platform', async () => {
    const answers = () => metrics.value('workplan_answers_total', { intent: 'unknown', platform: 'web' });
    const unknown = () => metrics.value('workplan_unknown_answers_total', { platform: 'web' });
    const requests = () => metrics.value('workplan_requests_total', { platform: 'web' });
    const before = [answers(), unknown(), requests()];
    await post('/api/ask', { question: '明天成都天气怎么样', chat: newChat() });
    await post('/api/ask', '{', true); // refused before it reaches the delivery core: not an update
    expect([answers(), unknown(), requests()]).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    const text = await (await fetch(`${t.base}/metrics`)).text();
    expect(text).toMatch(/^workplan_answers_total\{intent="lead",platform="web"\} \d+$/m);
    expect(text).toMatch(/^workplan_answer_latency_ms_count\{platform="web"\} \d+$/m);
  });
});

describe('a question without a chat id', () => {
  it('cannot subscribe: no one could ever read its reminders', async () => {
    const res = await post('/api/ask', { question: '订阅 全部' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { text: string }).text).toBe(MESSAGES.subscribeUnsupported);
    const anonymous = (await t.app.store.allSubscriptions()).filter((s) =>
      s.conversationId.startsWith('web:anon-'),
    );
    expect(anonymous).toEqual([]);
  });
});

describe('POST /api/chat', () => {
  it('gives the page the reply, chips, highlights and a card per task', async () => {
    const chat = newChat();
    const res = await post('/api/chat', { question: '创业担保贷款发放多少', chat });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      chat: string;
      intent: string;
      choices: { label: string; text: string }[];
      highlights: string[];
      cards: { id: string; targets: { raw: string; matched: boolean }[] }[];
    };
    expect(body.chat).toBe(chat);
    expect(body.intent).toBe('figure');
    expect(body.cards[0]?.id).toBe('3.2');
    expect(body.cards[0]?.targets.find((x) => x.raw === '40亿元')?.matched).toBe(true);
    expect(body.choices.length).toBeGreaterThan(0);
    expect(body.highlights.length).toBeGreaterThan(0);
  });

  it('validates like /api/ask', async () => {
    await expectBadInput(await post('/api/chat', { question: 1 }), /question must be a string/);
  });
});

describe('GET /api/tasks', () => {
  it('lists the parsed plan: six sections and 23 tasks', async () => {
    const body = (await (await fetch(`${t.base}/api/tasks`)).json()) as {
      year: number;
      sections: { taskIds: string[] }[];
      tasks: { id: string }[];
    };
    expect(body.year).toBe(2022);
    expect(body.sections).toHaveLength(6);
    expect(body.tasks).toHaveLength(23);
    expect(body.sections.flatMap((s) => s.taskIds)).toEqual(body.tasks.map((x) => x.id));
  });

  it('filters by section, and refuses a bad filter with 400', async () => {
    const body = (await (await fetch(`${t.base}/api/tasks?section=4`)).json()) as { tasks: { id: string }[] };
    expect(body.tasks.map((x) => x.id)).toEqual(['4.1', '4.2', '4.3']);
    await expectBadInput(await fetch(`${t.base}/api/tasks?section=four`), /section must be a number/);
    await expectBadInput(await fetch(`${t.base}/api/tasks?agency=x`), /unknown query parameter.*agency/);
  });

  it('returns one task, 404 for a task not in the plan, 400 for a malformed id', async () => {
    const task = (await (await fetch(`${t.base}/api/tasks/3.2`)).json()) as {
      title: string;
      leads: string[];
    };
    expect(task.leads).toEqual(['人力资源社会保障厅']);
    expect((await fetch(`${t.base}/api/tasks/9.9`)).status).toBe(404);
    await expectBadInput(await fetch(`${t.base}/api/tasks/abc`), /task id must look like/);
    expect((await fetch(`${t.base}/api/tasks/3.2`, { method: 'POST' })).status).toBe(405);
  });
});

describe('GET /api/deadlines', () => {
  it('lists the 11 milestones by date, with today from the plan clock in PLAN_TZ', async () => {
    // 20:00 UTC is already the next morning in Chengdu.
    t.clock.set('2022-09-29T20:00:00Z');
    const body = (await (await fetch(`${t.base}/api/deadlines`)).json()) as {
      today: string;
      milestones: { date: string; taskId: string }[];
    };
    expect(body.today).toBe('2022-09-30');
    expect(body.milestones).toHaveLength(11);
    const dates = body.milestones.map((m) => m.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(body.milestones.map((m) => m.taskId)).size).toBe(8);
  });
});

describe('request targets', () => {
  it('refuses an absolute-form target that is not a URL with 400, and goes on serving', async () => {
    for (const target of ['http://[', 'http://a:b:c/']) {
      const res = await rawGet(t.app.port(), target);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ error: 'bad_input' });
    }
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
  });
});

describe('the HTTP server after start-up', () => {
  it('outlives a server error (an accept failing) and goes on serving', async () => {
    const acceptFailed = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' });
    expect(() => {
      t.app.server.emit('error', acceptFailed);
      t.app.server.emit('error', acceptFailed);
    }).not.toThrow();
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
  });
});

/** A POST whose body arrives chunked, with no Content-Length to refuse it by. */
function chunkedStatus(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.base}${path}`,
      { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server may close the socket before the rest is written; the status is what counts.
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? null : reject(e),
    );
    for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
    req.end();
  });
}
