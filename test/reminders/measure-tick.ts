// Measures what one reminder tick costs the store: writes, reads and milliseconds, for a burst tick
// (every subscriber due) and an idle tick (everything already sent), with N subscribers on the
// embedded store. Run: npx tsx test/reminders/measure-tick.ts [200 3000]
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { WebInboxPushTarget } from '../../src/http/web-inbox.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';
import { countingStore } from './counting-store.ts';
import { RecordingPushTarget } from './recording-push-target.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));

async function measure(subscribers: number): Promise<void> {
  const clock = new ManualClock('2022-09-23T09:00:00+08:00');
  const h = await makeEmbeddedHarness(clock);
  const { store, calls } = countingStore(h.store);
  for (let i = 0; i < subscribers; i++) {
    const platform = ['telegram', 'line', 'web'][i % 3] ?? 'web';
    await h.store.addSubscription({
      conversationId: `${platform}:${i}`,
      target: i % 2 === 0 ? { kind: 'all' } : { kind: 'task', taskId: '4.1' },
      createdAt: clock.now().toISOString(),
    });
  }
  const scheduler = new ReminderScheduler({
    store,
    plan,
    pushTargets: [
      new RecordingPushTarget('telegram'),
      new RecordingPushTarget('line'),
      new WebInboxPushTarget(h.store, clock),
    ],
    clock,
    policy,
    logger: createLogger('silent'),
    tickMs: 1_000,
  });
  const row = async (label: string) => {
    calls.reset();
    const started = performance.now();
    const result = await scheduler.tick();
    const ms = performance.now() - started;
    console.log(
      `${String(subscribers).padStart(5)} subscribers  ${label.padEnd(6)} sent ${String(result.sent).padStart(5)}  ` +
        `writes ${String(calls.writes).padStart(6)}  reads ${String(calls.reads).padStart(6)}  ${ms.toFixed(0).padStart(6)} ms`,
    );
  };
  await row('burst');
  clock.advance(1_000);
  await row('idle');
  clock.advance(1_000);
  await row('idle');
  await h.cleanup();
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [200, 3000]) await measure(n);
