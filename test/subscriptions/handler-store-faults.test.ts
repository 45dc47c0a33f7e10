import { rm } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Bot } from '../../src/core/bot.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { RedisStore } from '../../src/store/redis.ts';
import type { Store } from '../../src/store/types.ts';
import { subscriptionHandler } from '../../src/subscriptions/handler.ts';
import { tempDir } from '../store/embedded-harness.ts';
import { OwnRedis } from '../store/redis-server.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const logger = createLogger('silent');

/** What a user is told when the store fails under a subscription command. */
// The full-disk case makes a few hundred fsync'ed writes: slow on a busy disk.
describe('subscription commands when the store fails', { timeout: 120_000 }, () => {
  let engine: Engine;
  const clock = new ManualClock('2022-09-20T10:00:00+08:00');
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(() => {
    engine = createEngine(plan, loadAliases(), { timeZone: policy.timeZone });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const botOn = (store: Store, conversationId = 'telegram:1') => {
    const bot = new Bot({ engine, store, clock, logger, rateLimitPerMinute: 1000 }).use(
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
    return (text: string) =>
      bot.handle({
        platform: 'telegram',
        conversationId,
        userId: conversationId,
        isGroup: false,
        text,
      });
  };

  it('on a full disk, says the subscription failed, and it is indeed not there', async () => {
    const dir = await tempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = await EmbeddedStore.open(dir, { clock, maxDatabaseBytes: 48 * 1024 });
    cleanups.push(() => store.close());
    // Chat after chat subscribes until the database is full: every chat told "subscribed" has its
    // subscription, and the first one that does not fit is told it failed, and has none.
    let failedChat = '';
    const confirmed: string[] = [];
    for (let i = 0; !failedChat && i < 5_000; i++) {
      const chat = `telegram:${i}`;
      const { text } = await botOn(store, chat)('订阅 4.1');
      if (text === MESSAGES.storeUnavailable) failedChat = chat;
      else {
        expect(text, chat).toMatch(/^已订阅/);
        confirmed.push(chat);
      }
    }
    expect(failedChat).not.toBe('');
    expect(await store.listSubscriptions(failedChat)).toEqual([]);
    expect(await store.allSubscriptions()).toHaveLength(confirmed.length);
    const say = botOn(store, failedChat);
    // Questions are still answered.
    expect((await say('谁牵头川渝通办')).answer?.intent).toBe('lead');
  });

  it('when a frozen Redis times out, says the outcome is unknown and how to check; subscribing again is safe', async () => {
    const redis = await OwnRedis.create({ persistent: true });
    cleanups.push(() => redis.destroy());
    await redis.start();
    const store = new RedisStore({ url: redis.url, prefix: 'workplan:' });
    cleanups.push(() => store.close());
    await store.ready();
    const say = botOn(store);

    redis.freeze();
    const frozen = await say('订阅 4.1');
    expect(frozen.text).toBe(MESSAGES.storeOutcomeUnknown);
    expect(frozen.choices.map((c) => c.text)).toContain(MESSAGES.mySubscriptionsChoice);
    redis.wake();

    const list = await say('我的订阅');
    expect(list.text).toContain(MESSAGES.mySubscriptions);
    expect(list.text).toContain('4.1');
    expect((await say('订阅 4.1')).text).toContain('你已经订阅了');
  });
});
