import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import type { StoreHarness } from '../store/contract.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';
import { RecordingPushTarget } from './recording-push-target.ts';

describe('reminder loop', () => {
  let h: StoreHarness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2022-09-23T09:00:00+08:00');
    h = await makeEmbeddedHarness(clock);
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('ticks on its own once started, and not after stop()', async () => {
    await h.store.addSubscription({
      conversationId: 'telegram:1',
      target: { kind: 'all' },
      createdAt: clock.now().toISOString(),
    });
    const telegram = new RecordingPushTarget('telegram');
    const scheduler = new ReminderScheduler({
      store: h.store,
      plan: loadPlan(),
      pushTargets: [telegram],
      clock,
      policy: policyFromConfig(loadConfig({})),
      logger: createLogger('silent'),
      tickMs: 10,
    });
    scheduler.start();
    await vi.waitFor(() => expect(telegram.delivered).toHaveLength(1));
    await scheduler.stop();

    // The next window opens; a running loop would push within a few ticks, a stopped one never.
    clock.set('2022-09-29T09:00:00+08:00');
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(telegram.attempts).toHaveLength(1);
  });
});
