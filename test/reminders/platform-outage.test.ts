import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { WebInboxPushTarget } from '../../src/http/web-inbox.ts';
import { createLogger } from '../../src/log.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { FIRST_BACKOFF_MS } from '../../src/reminders/pacing.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { DEFAULT_CLAIM_TTL_MS, ReminderScheduler } from '../../src/reminders/scheduler.ts';
import { LineDriver, TelegramDriver } from '../adapters/drivers.ts';
import { createApp, type App } from '../adapters/harness.ts';
import type { StoreHarness } from '../store/contract.ts';
import { makeEmbeddedHarness } from '../store/embedded-harness.ts';

const TELEGRAM_CHATS = [101, 102, 103];
const LINE_USERS = ['U00000000000000000000000000000a01', 'U00000000000000000000000000000a02'];
const WEB_CHATS = ['browser1', 'browser2'];

/**
 * The real Telegram and LINE adapters (their SDKs, auto-retry included) against fake platform APIs
 * on loopback, the web inbox, and the real embedded store: one platform answers 500 for a while.
 */
describe('one platform answering 500', () => {
  let app: App;
  let tg: TelegramDriver;
  let line: LineDriver;
  let h: StoreHarness;
  let clock: ManualClock;
  let scheduler: ReminderScheduler;
  /** The deadline of the next Telegram push; every other push has none. */
  let telegramDeadline: Promise<void> | null = null;

  beforeEach(async () => {
    app = await createApp();
    tg = new TelegramDriver();
    line = new LineDriver();
    await tg.start(app);
    await line.start(app);
    clock = new ManualClock('2022-09-23T09:00:00+08:00');
    h = await makeEmbeddedHarness(clock);
    const ids = [
      ...TELEGRAM_CHATS.map((c) => `telegram:${c}`),
      ...LINE_USERS.map((u) => `line:${u}`),
      ...WEB_CHATS.map((w) => `web:${w}`),
    ];
    for (const conversationId of ids)
      await h.store.addSubscription({
        conversationId,
        target: { kind: 'task', taskId: '4.1' },
        createdAt: '2022-09-01T00:00:00Z',
      });
    scheduler = new ReminderScheduler({
      store: h.store,
      plan: loadPlan(),
      pushTargets: [tg.adapter.pushTarget, line.adapter.pushTarget, new WebInboxPushTarget(h.store, clock)],
      clock,
      policy: policyFromConfig(loadConfig({})),
      logger: createLogger('silent'),
      tickMs: 1_000,
      // A push runs past its deadline only when the test says so (telegramDeadline); machine speed
      // never decides it.
      pushDeadline: (platform) => {
        const deadline = platform === 'telegram' ? telegramDeadline : null;
        if (deadline) telegramDeadline = null;
        return deadline ?? new Promise<void>(() => undefined);
      },
    });
  });
  afterEach(async () => {
    await scheduler.latePushesSettled();
    await tg.stop();
    await line.stop();
    await h.cleanup();
    await app.close();
  });

  const linePushesTo = (user: string) => line.api.pushes().filter((p) => p.body.to === user);
  const webItems = async (chat: string) => h.store.readInbox(`web:${chat}`, null);

  it('pauses LINE alone, retries it after a backoff, and delivers each reminder once', async () => {
    line.api.failNext('/v2/bot/message/push', { status: 500, message: 'Internal error' }, 2);

    expect(await scheduler.tick()).toMatchObject({ sent: 5, retrying: 1 });
    for (const chat of TELEGRAM_CHATS) expect(tg.api.textsTo(chat)).toHaveLength(1);
    for (const chat of WEB_CHATS) expect(await webItems(chat)).toHaveLength(1);
    // One failed push paused LINE: the other LINE subscriber was not tried against a platform that is down.
    expect(line.api.calls.filter((c) => c.path.startsWith('/v2/bot/message/push'))).toHaveLength(1);

    expect(await scheduler.tick()).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(FIRST_BACKOFF_MS);
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retrying: 1 });
    clock.advance(2 * FIRST_BACKOFF_MS);
    expect(await scheduler.tick()).toMatchObject({ sent: 2, retrying: 0 });
    for (const user of LINE_USERS) expect(linePushesTo(user)).toHaveLength(1);

    await scheduler.tick();
    for (const chat of TELEGRAM_CHATS) expect(tg.api.textsTo(chat)).toHaveLength(1);
    for (const chat of WEB_CHATS) expect(await webItems(chat)).toHaveLength(1);
  });

  it('does not wait for Telegram retrying a 500: the others go out at once, the late push is not repeated', async () => {
    // grammY's auto-retry answers a 500 by waiting 3 s and trying again, far past the push deadline.
    tg.api.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, 1);
    // Its deadline passes once the Bot API has answered that push with the 500.
    telegramDeadline = tg.api.waitFor((c) => c.method === 'sendMessage:failed').then(() => undefined);

    expect(await scheduler.tick()).toMatchObject({ sent: 4, retrying: 1 });
    for (const user of LINE_USERS) expect(linePushesTo(user)).toHaveLength(1);
    for (const chat of WEB_CHATS) expect(await webItems(chat)).toHaveLength(1);
    // Telegram is left alone while its first push is still in flight.
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retrying: 0 });

    await scheduler.latePushesSettled();
    const first = TELEGRAM_CHATS.filter((c) => tg.api.textsTo(c).length === 1);
    expect(first).toHaveLength(1);

    clock.advance(DEFAULT_CLAIM_TTL_MS + 1_000);
    expect(await scheduler.tick()).toMatchObject({ sent: 2, retrying: 0 });
    await scheduler.tick();
    for (const chat of TELEGRAM_CHATS) expect(tg.api.textsTo(chat)).toHaveLength(1);
    for (const user of LINE_USERS) expect(linePushesTo(user)).toHaveLength(1);
  });
});
