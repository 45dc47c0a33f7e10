// A reminder process for kill-burst.test.ts: the app's store under DATA_DIR, the web inbox as push
// target, and the scheduler ticking until nothing is left to send; then it closes the store and exits.
// Args: DATA_DIR, the plan clock's start (ISO), and optionally where to stop for the kill: "before:N"
// holds the Nth push open before it reaches the inbox, "after:N" once the inbox accepted it but
// before its sent marks are written. Either way the child prints {"holding":N} and waits there, so
// the test's kill -9 lands at exactly that point, however slow the machine. Logs as the app does
// (pino JSON lines on stdout).
import { loadConfig } from '../../src/config.ts';
import { shiftedClock } from '../../src/core/clock.ts';
import type { PushTarget } from '../../src/core/types.ts';
import { WebInboxPushTarget } from '../../src/http/web-inbox.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { createStore } from '../../src/store/create.ts';

const [dataDir, start, dieAt] = process.argv.slice(2);
if (!dataDir || !start) throw new Error('usage: burst-child.ts DATA_DIR START_ISO [before:N|after:N]');
const [when, nth] = (dieAt ?? 'never:0').split(':');
const clock = shiftedClock(new Date(start));
const logger = createLogger('info');
const store = await createStore({ DATA_DIR: dataDir, REDIS_URL: undefined }, { logger, clock });
const scheduler = new ReminderScheduler({
  store,
  plan: loadPlan(),
  pushTargets: [dyingAt(new WebInboxPushTarget(store, clock), when ?? 'never', Number(nth))],
  clock,
  policy: policyFromConfig(loadConfig({})),
  logger,
  tickMs: 1_000,
});
/** The target, held open for good at its `nth` push, before or after the push (see the top). */
function dyingAt(target: PushTarget, when: string, nth: number): PushTarget {
  let pushes = 0;
  return {
    platform: target.platform,
    async push(conversationId, reply, options) {
      pushes += 1;
      if (when === 'before' && pushes === nth) await holdForKill(nth);
      await target.push(conversationId, reply, options);
      if (when === 'after' && pushes === nth) await holdForKill(nth);
    },
  };
}

/** Tells the test where it stands and never returns; the timer keeps the process alive for the kill. */
async function holdForKill(nth: number): Promise<never> {
  setInterval(() => undefined, 60_000);
  console.log(JSON.stringify({ holding: nth }));
  return new Promise<never>(() => undefined);
}

let total = 0;
for (;;) {
  const result = await scheduler.tick();
  total += result.sent;
  if (result.sent === 0 && result.retrying === 0) break;
}
await store.close();
console.log(JSON.stringify({ done: true, sent: total }));
