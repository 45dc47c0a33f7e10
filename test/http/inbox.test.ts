import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.ts';
import { startTestApp, type TestApp } from './app.ts';

interface InboxBody {
  chat?: string;
  device?: string;
  items: {
    id: string;
    createdAt: string;
    text: string;
    choices: { label: string; text: string }[];
    citations: { taskId: string; title: string }[];
  }[];
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2022-09-20T09:00:00+08:00' });
  // Ticks are the test's to run; the app's own loop would race them.
  await t.app.scheduler.stop();
});
afterAll(() => t.stop());

const ask = async (question: string, chat: string, device?: string) =>
  (await (
    await fetch(`${t.base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, chat, ...(device ? { device } : {}) }),
    })
  ).json()) as { text: string };

const inbox = async (query: string): Promise<InboxBody> => {
  const res = await fetch(`${t.base}/api/inbox?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as InboxBody;
};

describe('web reminders through GET /api/inbox', () => {
  it('subscribes on the web, and the due reminder waits in the inbox after a tick', async () => {
    const subscribed = await ask('订阅 全部', 'web-sub');
    expect(subscribed.text).toContain('已订阅全部任务');
    expect(subscribed.text).toContain(MESSAGES.subscribedOnWeb);
    expect(subscribed.text).not.toContain(MESSAGES.subscribeUnsupported);
    expect((await inbox('chat=web-sub')).items).toEqual([]);

    t.clock.set('2022-09-23T09:00:30+08:00');
    expect(await t.app.scheduler.tick()).toMatchObject({ sent: 1, retrying: 0 });

    const { chat, items } = await inbox('chat=web-sub');
    expect(chat).toBe('web-sub');
    expect(items).toHaveLength(1);
    const [reminder] = items;
    expect(reminder?.text.startsWith(MESSAGES.reminderHeading)).toBe(true);
    expect(reminder?.text).toContain('9月30日（9月底前）截止，还有7天');
    expect(reminder?.citations.map((c) => c.taskId).sort()).toEqual(['1.4', '4.1', '5.1']);
    expect(reminder?.choices).toContainEqual({ label: '4.1 详情', text: '4.1' });
    expect(reminder?.createdAt).toBe('2022-09-23T01:00:30.000Z');

    // The page asks for what came after the last id it showed: nothing new, and a second tick
    // (or a second instance) adds nothing.
    expect((await inbox(`chat=web-sub&after=${reminder?.id}`)).items).toEqual([]);
    expect(await t.app.scheduler.tick()).toMatchObject({ sent: 0 });
    expect((await inbox('chat=web-sub')).items).toHaveLength(1);

    // Other chats see nothing, and a chat that unsubscribed gets nothing more.
    expect((await inbox('chat=someone-else')).items).toEqual([]);
    expect((await ask('退订 全部', 'web-sub')).text).toContain('已取消全部');
  });

  it('keeps subscriptions with the browser: any of its chats lists and cancels them, reminders wait for the device', async () => {
    t.clock.set('2022-09-20T09:00:00+08:00');
    expect((await ask('订阅 4.1', 'first-chat', 'phone-1')).text).toContain('已订阅');
    // 新对话: a new chat id, the same browser.
    expect((await ask('我的订阅', 'second-chat', 'phone-1')).text).toContain('4.1');
    expect((await ask('我的订阅', 'first-chat', 'another-phone')).text).toBe(MESSAGES.noSubscriptions);

    t.clock.set('2022-09-23T09:00:30+08:00');
    await t.app.scheduler.tick();
    const { device, items } = await inbox('device=phone-1');
    expect(device).toBe('phone-1');
    expect(items).toHaveLength(1);
    expect(items[0]?.text).toContain('4.1');
    expect((await inbox('chat=first-chat')).items).toEqual([]);

    expect((await ask('退订 4.1', 'third-chat', 'phone-1')).text).toContain('已取消订阅');
    expect((await ask('我的订阅', 'first-chat', 'phone-1')).text).toBe(MESSAGES.noSubscriptions);
  });

  it.each([
    ['neither device nor chat', '', /exactly one of them is required/],
    ['both device and chat', 'device=abc&chat=abc', /exactly one of them is required/],
    ['a bad device id', 'device=a.b', /device must be 1-64 characters/],
    ['a bad chat id', 'chat=a%2Fb', /chat must be 1-64 characters/],
    ['a bad cursor', 'chat=abc&after=latest', /after must be an inbox item id/],
    ['an unknown parameter', 'chat=abc&since=1', /unknown query parameter.*since/],
  ])('refuses %s with 400 and says what is wrong', async (_name, query, pattern) => {
    const res = await fetch(`${t.base}/api/inbox?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(pattern);
  });

  it('refuses the wrong method with 405', async () => {
    const res = await fetch(`${t.base}/api/inbox?chat=abc`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
