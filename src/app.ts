import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { Bot } from './core/bot.ts';
import { shiftedClock, systemClock, type Clock } from './core/clock.ts';
import type { PlanCatalogue } from './catalogue/catalogue.ts';
import { openCatalogue } from './catalogue/open.ts';
import { PlanRouter } from './catalogue/router.ts';
import { watchPlans } from './catalogue/watch.ts';
import { cachedAnswers } from './engine/answer-cache.ts';
import type { Engine } from './engine/types.ts';
import { apiRoutes } from './http/api.ts';
import { healthRoute } from './http/health.ts';
import { createWebChatAdapter } from './http/web-chat.ts';
import { metricsRoute } from './http/metrics-route.ts';
import { clientAddress } from './http/client-address.ts';
import { publicUrlFor } from './http/public-url.ts';
import { NewChatGate } from './http/new-chats.ts';
import { Router, type Route } from './http/router.ts';
import { closeServer, createHttpServer } from './http/server.ts';
import { webRoutes } from './http/static.ts';
import type { Logger } from './log.ts';
import { describeError } from './errors.ts';
import { SEEDS_DIR } from './plan/load.ts';
import type { Plan } from './plan/model.ts';
import { createStore } from './store/create.ts';
import type { Store } from './store/types.ts';
import type { Adapter, AdapterFactory } from './core/adapter.ts';
import { DeliveryCore } from './core/delivery.ts';
import { calendarRoute } from './reminders/calendar.ts';
import { policyFromConfig } from './reminders/policy.ts';
import { ReminderScheduler } from './reminders/scheduler.ts';
import { subscriptionHandler } from './subscriptions/handler.ts';

/**
 * The running application: one HTTP server, the engine, the store and every configured adapter.
 * main.ts adds process concerns (signals, exit codes); tests start it on port 0.
 */
export interface App {
  /** The default plan when the app started. */
  plan: Plan;
  /** Every loaded plan (issue 10). */
  catalogue: PlanCatalogue;
  engine: Engine;
  store: Store;
  bot: Bot;
  adapters: Adapter[];
  scheduler: ReminderScheduler;
  server: Server;
  /** The bound port (useful with PORT=0). */
  port(): number;
  /** Resolves once every adapter has started (they retry on their own until they do). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  logger: Logger;
  /** The platforms: injected, so the core never imports a platform SDK. */
  createAdapters: AdapterFactory<Config>;
  /** Overrides PLAN_NOW and the real clock, for tests. */
  clock?: Clock;
  /** Extra routes a feature contributes (the calendar feed, say). */
  routes?: Route[];
}

/**
 * Answers kept for repeated questions (engine/answer-cache.ts): about 2 KiB each, and as many kept
 * for reuse after another history. 1,000 of each hold less than the 2,000 whole-key entries did
 * before reuse (live heap after the bench's load, no adapters: 23.4 MiB against 25.9).
 */
const ANSWER_CACHE_ENTRIES = 1_000;

export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  // Every plan logs one line with what was read and how many findings (`npm run plan -- check`).
  const catalogue = openCatalogue(config, { logger });
  const plan = catalogue.defaultEntry().plan;
  const engine = new PlanRouter(catalogue, config.PLAN_TZ);
  // Chat turns and inline queries read answers through the cache; a reload empties it.
  const answers = cachedAnswers(engine, {
    timeZone: config.PLAN_TZ,
    version: () => catalogue.version,
    capacity: ANSWER_CACHE_ENTRIES,
  });
  const clock = options.clock ?? (config.PLAN_NOW ? shiftedClock(new Date(config.PLAN_NOW)) : systemClock);
  const store = await createStore(config, { logger });
  const bot = new Bot({
    engine: answers,
    store,
    clock,
    logger,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  });

  const delivery = new DeliveryCore({ bot, ledger: store, logger, leaseMs: config.DELIVERY_LEASE_MS });

  const { adapters, off } = await options.createAdapters(config, {
    bot,
    delivery,
    engine: answers,
    clock,
    store,
    logger,
  });
  for (const { platform, reason } of off) logger.info({ platform, reason }, 'adapter off');
  // The web page is a chat platform too, always on: /healthz lists the configurable ones.
  const web = createWebChatAdapter({
    delivery,
    plan,
    clock,
    store,
    clientAddress: (req) => clientAddress(req, config.TRUST_PROXY),
    publicUrl: (req) => publicUrlFor(req, config.TRUST_PROXY, config.PUBLIC_URL ?? null),
    newChats: new NewChatGate({ store, limitPerHour: config.NEW_CHATS_PER_HOUR, logger }),
  });

  const policy = policyFromConfig(config);
  const pushTargets = [...adapters, web].map((a) => a.pushTarget);
  bot.use(
    subscriptionHandler({
      store,
      engine,
      plan,
      clock,
      policy,
      logger,
      pushPlatforms: pushTargets.map((t) => t.platform),
      publicUrl: config.PUBLIC_URL ?? null,
      plans: { set: catalogue, choose: (words, now) => engine.planFor(words, now) },
    }),
  );
  const scheduler = new ReminderScheduler({
    store,
    plan,
    plans: catalogue,
    pushTargets,
    clock,
    policy,
    logger,
    tickMs: config.REMINDER_TICK_MS,
  });

  const router = new Router().add(
    healthRoute({
      adapters: () => adapters.map((a) => ({ platform: a.platform, mode: a.mode })),
      off: () => off,
      store,
    }),
    metricsRoute(undefined, config.METRICS_TOKEN),
    ...web.routes(),
    ...apiRoutes({ plan, plans: catalogue, clock, timeZone: config.PLAN_TZ }),
    ...adapters.flatMap((a) => a.routes()),
    calendarRoute({ plan, plans: catalogue, engine, clock, policy }),
    ...(options.routes ?? []),
    ...webRoutes(),
  );
  const server = createHttpServer(router, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, a server error (an accept failing when file descriptors run out, say) is logged
  // and serving goes on; with no listener it would end the process.
  server.on('error', (e) => logger.error({ err: describeError(e) }, 'http server error'));
  // One platform down at boot (Telegram's getMe failing, say) must not keep the others, the web
  // chat or the reminders from starting: each adapter retries on its own.
  const starting = adapters.map((adapter) => startWithRetry(adapter, logger));
  scheduler.start();
  const stopWatching = watchPlans(
    catalogue,
    config.PLAN_FILE ? null : (config.PLAN_DIR ?? SEEDS_DIR),
    logger,
  );
  logger.info(
    {
      port: (server.address() as AddressInfo).port,
      plan: plan.title,
      plans: catalogue.entries().length,
      default: catalogue.defaultEntry().key,
      tasks: plan.tasks.length,
      store: store.kind,
      adapters: adapters.map((a) => `${a.platform}:${a.mode}`),
    },
    'workplan-bot started',
  );

  let stopping: Promise<void> | null = null;
  return {
    plan,
    catalogue,
    engine,
    store,
    bot,
    adapters,
    scheduler,
    server,
    port: () => (server.address() as AddressInfo).port,
    ready: () => Promise.all(starting.map((s) => s.started)).then(() => undefined),
    stop() {
      // Stop taking new work, let in-flight updates finish, then close the store last.
      stopping ??= (async () => {
        stopWatching();
        const closed = closeServer(server, config.SHUTDOWN_GRACE_MS);
        starting.forEach((s) => s.cancel());
        await Promise.all([...adapters, web].map((a) => a.stop()));
        await closed;
        await scheduler.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

/** Starts an adapter, retrying with backoff until it starts or is cancelled. */
function startWithRetry(adapter: Adapter, logger: Logger): { cancel: () => void; started: Promise<void> } {
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const attempt = (delayMs: number): void => {
    adapter.start().then(resolveStarted, (e: unknown) => {
      if (cancelled) return;
      logger.error(
        { platform: adapter.platform, err: describeError(e), retryInMs: delayMs },
        'adapter failed to start; retrying',
      );
      timer = setTimeout(() => attempt(Math.min(delayMs * 2, MAX_RETRY_MS)), delayMs);
      timer.unref();
    });
  };
  attempt(FIRST_RETRY_MS);
  return {
    started,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
