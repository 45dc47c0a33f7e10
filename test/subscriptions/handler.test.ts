import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Bot } from '../../src/core/bot.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { IncomingMessage } from '../../src/core/types.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import type { Store } from '../../src/store/types.ts';
import { subscriptionHandler } from '../../src/subscriptions/handler.ts';
import type { StoreHarness } from '../store/contract.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const logger = createLogger('silent');
const WHEN = '前7天、前1天';

describe('subscription commands', () => {
  let engine: Engine;
  let clock: ManualClock;
  let h: StoreHarness;
  let store: Store;
  let bot: Bot;

  beforeAll(() => {
    engine = createEngine(plan, loadAliases(), { timeZone: policy.timeZone });
  });
  beforeEach(async () => {
    clock = new ManualClock('2022-09-20T10:00:00+08:00');
    h = await makeEmbeddedHarness(clock);
    store = h.store;
    bot = new Bot({ engine, store, clock, logger, rateLimitPerMinute: 1000 }).use(
      subscriptionHandler({
        store,
        engine,
        plan,
        clock,
        policy,
        logger,
        pushPlatforms: ['telegram', 'line'],
        publicUrl: 'https://bot.example/',
      }),
    );
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const send = (text: string, from: Partial<IncomingMessage> = {}) =>
    bot.handle({
      platform: 'telegram',
      conversationId: 'telegram:1',
      userId: 'telegram:1',
      isGroup: false,
      text,
      ...from,
    });
  const targets = async (conversationId = 'telegram:1') =>
    (await store.listSubscriptions(conversationId)).map((s) => s.target);

  it('subscribes to an agency by its alias and names the next deadline that concerns it', async () => {
    const reply = await send('订阅 大数据中心');
    expect(await targets()).toEqual([{ kind: 'agency', agency: '省大数据中心' }]);
    const [confirmation, next] = reply.text.split('\n');
    expect(confirmation).toBe(MESSAGES.subscribed(MESSAGES.targetAgency('省大数据中心'), WHEN, '09:00'));
    expect(next).toContain('9月30日');
  });

  it('subscribes to a task by number, by term, and as a Telegram command; twice is once', async () => {
    await send('/subscribe@WorkplanBot 4.1');
    expect((await send('订阅 川渝通办')).text).toContain(
      MESSAGES.alreadySubscribed(MESSAGES.targetTask('4.1', '协同推进一体化政务服务')),
    );
    await send('订阅 1.4');
    expect(await targets()).toEqual([
      { kind: 'task', taskId: '4.1' },
      { kind: 'task', taskId: '1.4' },
    ]);
  });

  it('subscribes to the whole plan', async () => {
    await send('订阅 全部');
    expect(await targets()).toEqual([{ kind: 'all' }]);
  });

  it('offers a choice for an unclear target instead of guessing', async () => {
    const lookup = engine.lookup('证明事项');
    expect(lookup.kind).toBe('ambiguous');
    const reply = await send('订阅 证明事项');
    expect(reply.text).toBe(MESSAGES.targetAmbiguous('证明事项'));
    const ids = lookup.kind === 'ambiguous' ? lookup.taskIds : [];
    expect(reply.choices.map((c) => c.text)).toEqual(ids.map((id) => `订阅 ${id}`));
    expect(await targets()).toEqual([]);
  });

  it('says what it cannot find, and how to subscribe when no target is given', async () => {
    const unknown = await send('订阅 天气预报');
    expect(unknown.text).toBe(MESSAGES.targetNotFound('天气预报'));
    expect(unknown.choices.map((c) => c.text)).toContain(MESSAGES.subscribeAllChoice);
    const usage = await send('订阅');
    expect(usage.text).toBe(MESSAGES.subscribeUsage);
    expect(usage.choices.length).toBeGreaterThan(1);
    expect(await targets()).toEqual([]);
  });

  it('lets a group subscribe as the group', async () => {
    await send('/subscribe 4.1', { conversationId: 'telegram:-1001', userId: 'telegram:7', isGroup: true });
    expect(await targets('telegram:-1001')).toEqual([{ kind: 'task', taskId: '4.1' }]);
    expect(await targets('telegram:7')).toEqual([]);
  });

  it('refuses to subscribe where no reminder can be pushed', async () => {
    const reply = await send('订阅 全部', { platform: 'web', conversationId: 'web:abc', userId: 'web:abc' });
    expect(reply.text).toBe(MESSAGES.subscribeUnsupported);
    expect(await targets('web:abc')).toEqual([]);
  });

  it('lists subscriptions, and says when there are none', async () => {
    expect((await send('我的订阅')).text).toBe(MESSAGES.noSubscriptions);
    await send('订阅 4.1');
    await send('订阅 市场监管局');
    const text = (await send('/mysubs')).text;
    expect(text).toContain(MESSAGES.targetTask('4.1', '协同推进一体化政务服务'));
    expect(text).toContain(MESSAGES.targetAgency('省市场监管局'));
  });

  it('unsubscribes one target, asks which when there are several, and removes all on request', async () => {
    await send('订阅 4.1');
    await send('订阅 全部');
    const which = await send('退订');
    expect(which.text).toBe(MESSAGES.unsubscribeWhich);
    expect(which.choices.map((c) => c.text)).toEqual(['退订 4.1', '退订 全部']);
    expect((await send('取消订阅 川渝通办')).text).toBe(
      MESSAGES.unsubscribed(MESSAGES.targetTask('4.1', '协同推进一体化政务服务')),
    );
    expect((await send('退订 5.1')).text).toBe(
      MESSAGES.notSubscribedTo(MESSAGES.targetTask('5.1', '健全新型监管机制')),
    );
    await send('订阅 1.4');
    expect((await send('/unsubscribe 全部')).text).toBe(MESSAGES.unsubscribedAll(2));
    expect(await targets()).toEqual([]);
  });

  it('lists the next deadlines of the whole plan, or of the subscriber, with the calendar link', async () => {
    const all = await send('近期截止');
    expect(all.text.split('\n')[0]).toBe(MESSAGES.dueHeadingAll);
    expect(all.text).toContain('5.1 ');
    expect(all.text).toContain(MESSAGES.calendarLink('https://bot.example/calendar.ics'));

    await send('订阅 省政府办公厅');
    const mine = await send('/due');
    expect(mine.text.split('\n')[0]).toBe(MESSAGES.dueHeadingMine);
    expect(mine.text).toContain('4.1 ');
    expect(mine.text).not.toContain('5.1 ');
    expect(mine.text).toContain(
      MESSAGES.calendarLink(`https://bot.example/calendar.ics?agency=${encodeURIComponent('省政府办公厅')}`),
    );
  });

  it('says how many deadlines it left out when more are upcoming than it lists', async () => {
    clock.set('2022-06-01T10:00:00+08:00');
    // All 11 milestones of the plan are ahead; the reply lists 8.
    expect((await send('近期截止')).text).toContain(MESSAGES.dueMore(3));
    clock.set('2022-12-01T10:00:00+08:00');
    expect((await send('近期截止')).text).not.toContain('未列出');
  });

  it('leaves out deadlines that have passed', async () => {
    clock.set('2022-12-01T10:00:00+08:00');
    const text = (await send('近期截止')).text;
    expect(text).not.toContain('9月30日');
    expect(text).toContain('12月31日');
    clock.set('2023-01-01T00:00:00+08:00');
    expect((await send('近期截止')).text).toContain(MESSAGES.dueNoneAll);
  });

  it('re-enables a subscriber that was disabled when it subscribes again', async () => {
    await store.setSubscriberStatus({
      conversationId: 'telegram:1',
      disabled: true,
      reason: 'blocked',
      updatedAt: clock.now().toISOString(),
    });
    await send('订阅 4.1');
    expect(await store.getSubscriberStatus('telegram:1')).toMatchObject({ disabled: false, reason: null });
  });

  it('passes questions on to the engine', async () => {
    const reply = await send('谁牵头川渝通办');
    expect(reply.answer?.intent).toBe('lead');
  });

  it('says plainly that subscriptions are unavailable when the store is down, and keeps answering', async () => {
    await store.close();
    expect((await send('订阅 4.1')).text).toBe(MESSAGES.storeUnavailable);
    expect((await send('我的订阅')).text).toBe(MESSAGES.storeUnavailable);
    expect((await send('退订')).text).toBe(MESSAGES.storeUnavailable);
    const due = await send('近期截止');
    expect(due.text.split('\n')[0]).toBe(MESSAGES.dueStoreFallback);
    expect(due.text).toContain(MESSAGES.dueHeadingAll);
    const answer = await send('谁牵头川渝通办');
    expect(answer.answer?.intent).toBe('lead');
    expect(answer.text).toContain('省政府办公厅');
  });
});
