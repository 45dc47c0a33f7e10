import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Bot } from '../../src/core/bot.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { RedisStore } from '../../src/store/redis.ts';
import { subscriptionHandler } from '../../src/subscriptions/handler.ts';
import { RecordingPushTarget } from './recording-push-target.ts';
import { OwnRedis } from '../store/redis-server.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const logger = createLogger('silent');

describe('when Redis dies mid-run', () => {
  let engine: Engine;
  let redis: OwnRedis;
  let store: RedisStore;
  let clock: ManualClock;
  let telegram: RecordingPushTarget;
  let bot: Bot;

  beforeAll(() => {
    engine = createEngine(plan, loadAliases(), { timeZone: policy.timeZone });
  });
  beforeEach(async () => {
    redis = await OwnRedis.create({ persistent: true });
    await redis.start();
    store = new RedisStore({ url: redis.url });
    await store.ready();
    clock = new ManualClock('2022-09-22T10:00:00+08:00');
    telegram = new RecordingPushTarget('telegram');
    bot = new Bot({ engine, store, clock, logger, rateLimitPerMinute: 1000 }).use(
      subscriptionHandler({
        store,
        engine,
        plan,
        clock,
        policy,
        logger,
        pushPlatforms: ['telegram'],
        publicUrl: null,
      }),
    );
  });
  afterEach(async () => {
    await store.close();
    await redis.destroy();
  });

  const scheduler = (claimTtlMs?: number) =>
    new ReminderScheduler({
      store,
      plan,
      pushTargets: [telegram],
      clock,
      policy,
      logger,
      tickMs: 1_000,
      claimTtlMs,
    });
  const say = (text: string) =>
    bot.handle({
      platform: 'telegram',
      conversationId: 'telegram:1',
      userId: 'telegram:1',
      isGroup: false,
      text,
    });
  const storeIsBack = () => vi.waitFor(() => store.ping(), { timeout: 60_000, interval: 100 });

  it('keeps answering questions, refuses subscriptions plainly, and reminds once Redis is back', async () => {
    await say('订阅 全部');
    await redis.kill();

    clock.set('2022-09-23T09:00:00+08:00');
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ storeAvailable: false, sent: 0 });
    const answer = await say('谁牵头川渝通办');
    expect(answer.answer?.intent).toBe('lead');
    expect(answer.text).toContain('省政府办公厅');
    expect((await say('订阅 4.1')).text).toBe(MESSAGES.storeUnavailable);

    await redis.start();
    await storeIsBack();
    expect(await s.tick()).toMatchObject({ storeAvailable: true, sent: 1 });
    await s.tick();
    expect(telegram.delivered).toHaveLength(1);
    expect(telegram.delivered[0]?.reply.text).toContain('9月底前实现第三批“川渝通办”事项落地');
  });

  it('does not send again when Redis died between the push and its sent mark', async () => {
    await say('订阅 4.1');
    clock.set('2022-09-23T09:00:00+08:00');
    telegram.deliverThen(() => redis.kill());
    // A claim that lapses at once: only the scheduler's memory of the delivery prevents a second push.
    const s = scheduler(1);
    expect(await s.tick()).toMatchObject({ storeAvailable: false });
    expect(telegram.delivered).toHaveLength(1);

    await redis.start();
    await storeIsBack();
    await s.tick();
    await s.tick();
    expect(telegram.attempts).toHaveLength(1);
  });
});
