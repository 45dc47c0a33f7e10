import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { RedisStore } from '../../src/store/redis.ts';
import { deleteKeys, REDIS_URL, uniquePrefix } from '../store/redis-harness.ts';
import { RecordingPushTarget } from './recording-push-target.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const logger = createLogger('silent');

describe('two bot instances on one Redis', () => {
  let prefix: string;
  let stores: RedisStore[];
  beforeEach(async () => {
    prefix = uniquePrefix();
    stores = [new RedisStore({ url: REDIS_URL, prefix }), new RedisStore({ url: REDIS_URL, prefix })];
    await Promise.all(stores.map((s) => s.ready()));
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    const admin = new Redis(REDIS_URL);
    await deleteKeys(admin, prefix);
    await admin.quit();
  });

  it('send each reminder exactly once between them', async () => {
    const [a, b] = stores as [RedisStore, RedisStore];
    const conversations = Array.from({ length: 20 }, (_, i) => `telegram:${i}`);
    for (const id of conversations) {
      await a.addSubscription({
        conversationId: id,
        target: { kind: 'all' },
        createdAt: '2022-09-01T00:00:00Z',
      });
    }
    // Each instance has its own clock, connection and platform client, as separate processes would.
    const clocks = [
      new ManualClock('2022-09-23T09:00:00+08:00'),
      new ManualClock('2022-09-23T09:00:01+08:00'),
    ];
    const pushes = [new RecordingPushTarget('telegram'), new RecordingPushTarget('telegram')];
    const schedulers = [a, b].map(
      (store, i) =>
        new ReminderScheduler({
          store,
          plan,
          pushTargets: [pushes[i] as RecordingPushTarget],
          clock: clocks[i] as ManualClock,
          policy,
          logger,
          tickMs: 1_000,
        }),
    );
    for (let round = 0; round < 3; round++) await Promise.all(schedulers.map((s) => s.tick()));
    for (const c of clocks) c.set('2022-09-29T09:00:00+08:00');
    for (let round = 0; round < 3; round++) await Promise.all(schedulers.map((s) => s.tick()));

    const delivered = pushes.flatMap((p) => p.delivered);
    // Two windows (7 days and 1 day before 9月底前) for each of the 20 conversations: one message each,
    // listing every milestone due then exactly once.
    expect(delivered).toHaveLength(40);
    const dueClauses = plan.tasks.flatMap((t) =>
      t.deadlines.filter((d) => d.date === '2022-09-30').map((d) => d.text),
    );
    expect(dueClauses).toHaveLength(3);
    for (const id of conversations) {
      const texts = delivered.filter((d) => d.conversationId === id).map((d) => d.reply.text);
      expect(texts).toHaveLength(2);
      for (const clause of dueClauses) expect(texts.join('\n').split(clause)).toHaveLength(3);
    }
  });
});
