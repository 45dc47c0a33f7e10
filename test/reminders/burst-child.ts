// A reminder process for kill-burst.test.ts: the app's store under DATA_DIR, the web inbox as push
// target, and the scheduler ticking until nothing is left to send; then it closes the store and exits.
// Args: DATA_DIR, the plan clock's start (ISO). Logs as the app does (pino JSON lines on stdout).
import { loadConfig } from '../../src/config.ts';
import { shiftedClock } from '../../src/core/clock.ts';
import { WebInboxPushTarget } from '../../src/http/web-inbox.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { createStore } from '../../src/store/create.ts';

const [dataDir, start] = process.argv.slice(2);
if (!dataDir || !start) throw new Error('usage: burst-child.ts DATA_DIR START_ISO');
const clock = shiftedClock(new Date(start));
const logger = createLogger('info');
const store = await createStore({ DATA_DIR: dataDir, REDIS_URL: undefined }, { logger, clock });
const scheduler = new ReminderScheduler({
  store,
  plan: loadPlan(),
  pushTargets: [new WebInboxPushTarget(store, clock)],
  clock,
  policy: policyFromConfig(loadConfig({})),
  logger,
  tickMs: 1_000,
});
let total = 0;
for (;;) {
  const result = await scheduler.tick();
  total += result.sent;
  if (result.sent === 0 && result.retrying === 0) break;
}
await store.close();
console.log(JSON.stringify({ done: true, sent: total }));
