import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/app.ts';
import { PLAN_FILES, planDir } from './plan-dir.ts';

/** The real server over a PLAN_DIR of several plans: per-plan API, calendar, subscriptions, reminders, reloads. */
let t: TestApp;
let dir: string;
let chats = 0;

beforeAll(async () => {
  dir = planDir([PLAN_FILES.seed2022, PLAN_FILES.sample2023, PLAN_FILES.stateCouncil2018]);
  t = await startTestApp({ now: '2023-03-01T09:00:00+08:00', planDir: dir });
});
afterAll(() => t.stop());

const get = (path: string) => fetch(`${t.base}${path}`);
const say = async (chat: string, question: string) => {
  const res = await fetch(`${t.base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question, chat }),
  });
  return (await res.json()) as { text: string };
};

describe('several plans in one server', () => {
  it('lists the loaded plans with their keys and the default', async () => {
    const body = (await (await get('/api/plans')).json()) as { plans: { key: string; default: boolean }[] };
    expect(body.plans.map((p) => p.key).sort()).toEqual([
      'quanguo-2018-gov-employment',
      'sichuan-2022-fangguanfu',
      'sichuan-2023-plan-sample',
    ]);
    expect(body.plans.find((p) => p.default)?.key).toBe('sichuan-2023-plan-sample');
  });

  it('answers /api/ask from the plan the question names, with its key', async () => {
    const res = await fetch(`${t.base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '2022年川渝通办谁牵头' }),
    });
    const body = (await res.json()) as { plan: string; tasks: { plan: string; id: string }[] };
    expect(body.plan).toBe('sichuan-2022-fangguanfu');
    expect(body.tasks[0]).toMatchObject({ plan: 'sichuan-2022-fangguanfu', id: '4.1' });
  });

  it('serves one plan’s tasks and deadlines with ?plan=, the default without, 404 for an unknown key', async () => {
    const old = (await (await get('/api/tasks?plan=sichuan-2022-fangguanfu')).json()) as { tasks: unknown[] };
    expect(old.tasks).toHaveLength(23);
    const fallback = (await (await get('/api/tasks')).json()) as { plan: string; tasks: unknown[] };
    expect(fallback).toMatchObject({ plan: 'sichuan-2023-plan-sample' });
    expect(fallback.tasks).toHaveLength(3);
    expect((await get('/api/tasks?plan=sichuan-2019-none')).status).toBe(404);
    expect((await get('/api/tasks?plan=Bad Key')).status).toBe(400);
    const deadlines = (await (await get('/api/deadlines?plan=sichuan-2022-fangguanfu')).json()) as {
      milestones: unknown[];
    };
    expect(deadlines.milestones).toHaveLength(11);
  });

  it('gives one plan’s milestones at /calendar.ics?plan=KEY and every plan’s without', async () => {
    const one = await (await get('/calendar.ics?plan=sichuan-2022-fangguanfu')).text();
    const all = await (await get('/calendar.ics')).text();
    const events = (ics: string) => ics.match(/BEGIN:VEVENT/g)?.length ?? 0;
    expect(events(one)).toBe(11);
    expect(one).not.toContain('DTSTART;VALUE=DATE:2023');
    expect(events(all)).toBeGreaterThan(events(one));
    expect(all).toContain('DTSTART;VALUE=DATE:2023');
    expect(all.replace(/\r\n /g, '')).toContain('2022年要点 4.1 协同推进一体化政务服务');
    // RFC 5545: a UID is unique across the feed, so every plan's events carry its key.
    const uids = all.match(/^UID:.*$/gm) ?? [];
    expect(new Set(uids).size).toBe(uids.length);
    expect(
      uids.every((u) =>
        /^UID:(sichuan-2022-fangguanfu|sichuan-2023-plan-sample|quanguo-2018-gov-employment)-/.test(u),
      ),
    ).toBe(true);
    expect(one.match(/^UID:.*$/gm)?.every((u) => u.startsWith('UID:sichuan-2022-fangguanfu-'))).toBe(true);
    const unknown = await get('/calendar.ics?plan=nope-2000-x');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain('sichuan-2022-fangguanfu');
  });

  it('names a non-default plan in each citation of a reply, and carries the plan key on its cards', async () => {
    const res = await fetch(`${t.base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '去年的川渝通办是谁牵头', chat: `multi-${++chats}` }),
    });
    const body = (await res.json()) as { text: string; cards: { plan?: string; id: string }[] };
    expect(body.text).toContain('（2022年要点 4.1 协同推进一体化政务服务）');
    expect(body.cards[0]).toMatchObject({ plan: 'sichuan-2022-fangguanfu', id: '4.1' });
    const own = await say(`multi-${++chats}`, '川渝通办谁牵头');
    expect(own.text).toContain('（1.1 推进“一件事一次办”扩面）');
    expect(own.text).not.toContain('要点 1.1');
  });

  it('lists upcoming deadlines of every loaded plan without subscriptions, naming the plans not the default', async () => {
    t.clock.set('2022-12-20T09:00:00+08:00');
    try {
      const due = (await say(`multi-${++chats}`, '近期截止')).text;
      expect(due).toContain('· 2022年要点 4.1 协同推进一体化政务服务');
      expect(due).toContain('· 1.1 推进“一件事一次办”扩面');
      expect(due).not.toContain('2018年意见');
    } finally {
      t.clock.set('2023-03-01T09:00:00+08:00');
    }
  });
});

describe('subscriptions per plan', () => {
  it('follows the default plan’s task without a plan, and another plan’s when one is named', async () => {
    const chat = `multi-${++chats}`;
    expect((await say(chat, '订阅 1.1')).text).toContain('推进“一件事一次办”扩面');
    const named = await say(chat, '订阅 2022 4.1');
    expect(named.text).toContain('协同推进一体化政务服务');
    expect(named.text).toContain('2022年要点');
    const mine = (await say(chat, '我的订阅')).text;
    expect(mine).toContain('任务 1.1');
    expect(mine).toMatch(/任务 4\.1.*2022年要点/);
    expect((await say(chat, '订阅 2021 4.1')).text).toContain('没有载入2021年的计划');
  });

  it('reminds from every loaded plan whose deadline lies ahead, and only of the plan followed', async () => {
    const conversationId = 'web:multi-remind';
    await t.app.store.addSubscription({
      conversationId,
      target: { kind: 'task', taskId: '4.1', plan: 'sichuan-2022-fangguanfu' },
      createdAt: '2022-09-01T00:00:00.000Z',
    });
    // A subscription stored before several plans could load names no plan: the default plan's 1.1.
    await t.app.store.addSubscription({
      conversationId,
      target: { kind: 'task', taskId: '1.1' },
      createdAt: '2022-09-01T00:00:00.000Z',
    });
    t.clock.set('2022-09-23T09:30:00+08:00');
    await t.app.scheduler.tick();
    const items = await t.app.store.readInbox(conversationId, null);
    expect(items.map((i) => i.message.text).join('\n')).toContain('2022年要点 4.1 协同推进一体化政务服务');
    t.clock.set('2023-05-24T09:30:00+08:00');
    await t.app.scheduler.tick();
    const later = await t.app.store.readInbox(conversationId, null);
    expect(later.map((i) => i.message.text).join('\n')).toContain('1.1 推进“一件事一次办”扩面');
  });
});

describe('a new plan without a restart', () => {
  it('loads a plan file added to PLAN_DIR, and a plan that fails its check drops nothing', async () => {
    const before = t.app.catalogue.entries().length;
    copyFileSync(PLAN_FILES.weihai2023, join(dir, 'weihai-digital-2023.txt'));
    writeFileSync(join(dir, 'broken-2024.txt'), '这不是一份计划。\n');
    // The folder is watched; a reload (what SIGHUP does) settles it either way.
    t.app.catalogue.reload();
    expect(t.app.catalogue.get('weihai-2023-digital')).toBeDefined();
    expect(t.app.catalogue.entries()).toHaveLength(before + 1);

    writeFileSync(join(dir, 'sichuan-fangguanfu-2022.txt'), '坏了\n');
    const result = t.app.catalogue.reload();
    expect(result.failed.map((f) => f.file)).toContain(join(dir, 'sichuan-fangguanfu-2022.txt'));
    expect(t.app.catalogue.get('sichuan-2022-fangguanfu')?.plan.tasks).toHaveLength(23);
    const answer = await say(`multi-${++chats}`, '威海的数字政府建设有哪些任务');
    expect(answer.text).toContain('威海');
  });
});
