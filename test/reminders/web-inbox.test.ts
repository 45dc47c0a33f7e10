import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Reply } from '../../src/core/types.ts';
import { PlatformError, StoreUnavailableError } from '../../src/errors.ts';
import { WebInboxPushTarget } from '../../src/http/web-inbox.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { FIRST_BACKOFF_MS } from '../../src/reminders/pacing.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { RedisStore } from '../../src/store/redis.ts';
import type { Store } from '../../src/store/types.ts';
import type { StoreHarness } from '../store/contract.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';

const reply: Reply = {
  text: '⏰ 截止提醒\n…',
  choices: [{ label: '4.1 详情', text: '4.1' }],
  citations: [{ taskId: '4.1', title: '协同推进一体化政务服务' }],
};

describe('the web inbox push target', () => {
  let clock: ManualClock;
  let h: StoreHarness;
  beforeEach(async () => {
    clock = new ManualClock('2022-09-23T09:00:00+08:00');
    h = await makeEmbeddedHarness(clock);
  });
  afterEach(() => h.cleanup());

  it('stores the reply as plain data, once per retry key', async () => {
    const target = new WebInboxPushTarget(h.store, clock);
    const withAnswer = { ...reply, answer: { intent: 'lead' } } as unknown as Reply;
    await target.push('web:abc', withAnswer, { retryKey: 'key-1' });
    await target.push('web:abc', withAnswer, { retryKey: 'key-1' });
    expect(await h.store.readInbox('web:abc', null)).toEqual([
      {
        id: expect.any(String),
        message: { key: 'key-1', ...reply, createdAt: '2022-09-23T01:00:00.000Z' },
      },
    ]);
  });

  it('refuses a conversation of another platform for good', async () => {
    const error = await new WebInboxPushTarget(h.store, clock)
      .push('telegram:1', reply, { retryKey: 'k' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).transient).toBe(false);
  });

  it('reports a store that is down as a transient platform failure, on either store', async () => {
    const closed = await h.reopen();
    await closed.close();
    const redis = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: 'workplan-test:down:' });
    try {
      for (const store of [closed, redis]) {
        const error = await new WebInboxPushTarget(store, clock)
          .push('web:abc', reply, { retryKey: 'k' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PlatformError);
        expect((error as PlatformError).transient).toBe(true);
        expect((error as PlatformError).cause).toBeInstanceOf(StoreUnavailableError);
      }
    } finally {
      await redis.close();
    }
  });

  it('lets the scheduler retry a reminder the inbox could not take, and keeps it once', async () => {
    await h.store.addSubscription({
      conversationId: 'web:abc',
      target: { kind: 'task', taskId: '4.1' },
      createdAt: clock.now().toISOString(),
    });
    // The disk is full for one write; everything else is the real store.
    let failures = 1;
    const flaky: Pick<Store, 'appendInbox'> = {
      appendInbox: (...args) =>
        failures-- > 0
          ? Promise.reject(new StoreUnavailableError('no space left on device'))
          : h.store.appendInbox(...args),
    };
    const scheduler = new ReminderScheduler({
      store: h.store,
      plan: loadPlan(),
      pushTargets: [new WebInboxPushTarget(flaky, clock)],
      clock,
      policy: policyFromConfig(loadConfig({})),
      logger: createLogger('silent'),
      tickMs: 1_000,
    });
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retrying: 1, disabled: 0 });
    expect(await h.store.readInbox('web:abc', null)).toEqual([]);
    // The web platform is paused for the first backoff, then retried.
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(FIRST_BACKOFF_MS);
    expect(await scheduler.tick()).toMatchObject({ sent: 1, retrying: 0 });
    expect(await scheduler.tick()).toMatchObject({ sent: 0 });
    const items = await h.store.readInbox('web:abc', null);
    expect(items.map((i) => i.message.citations.map((c) => c.taskId))).toEqual([['4.1']]);
  });
});
