import type { Config } from '../config.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { EmbeddedStore } from './embedded.ts';
import type { Store } from './types.ts';

export interface CreateStoreOptions {
  logger: Logger;
  /**
   * Measures TTLs. Keep the real clock here even when PLAN_NOW shifts the plan's clock: a TTL is a
   * duration, and persisted expiries must stay meaningful across a restart that resets PLAN_NOW.
   */
  clock?: Clock;
  /** Redis key prefix; default "workplan:". */
  redisPrefix?: string;
}

/**
 * Redis when REDIS_URL is set, else the embedded store under DATA_DIR. A Redis that is down at
 * start-up does not stop the bot: questions are answered and the store reconnects on its own.
 * A corrupt embedded store, or one another process holds, does stop it (StoreCorruptError,
 * StoreUnavailableError), rather than starting empty or twice.
 */
export async function createStore(
  config: Pick<Config, 'REDIS_URL' | 'DATA_DIR'>,
  options: CreateStoreOptions,
): Promise<Store> {
  const { logger } = options;
  if (config.REDIS_URL) {
    // Loaded only when configured: ioredis costs memory and start-up time the embedded store never needs.
    const { RedisStore } = await import('./redis.ts');
    let lastReported = 0;
    const store = new RedisStore({
      url: config.REDIS_URL,
      prefix: options.redisPrefix,
      clock: options.clock,
      onConnectionError: (e) => {
        // Reconnect attempts fail every ~2 s while Redis is down; one line a minute is enough.
        if (Date.now() - lastReported < 60_000) return;
        lastReported = Date.now();
        logger.warn({ err: describeError(e) }, 'redis connection error; reconnecting');
      },
      onAlert: ({ kind, message }) => {
        if (kind === 'state_lost') logger.error({ alert: kind }, message);
        else if (kind === 'no_persistence') logger.warn({ alert: kind }, message);
        else logger.info({ alert: kind }, message);
      },
    });
    await store.ready().catch((e: unknown) => {
      logger.warn(
        { err: describeError(e) },
        'redis not reachable at start-up; subscriptions unavailable until it is',
      );
    });
    return store;
  }
  const store = await EmbeddedStore.open(config.DATA_DIR, {
    clock: options.clock ?? systemClock,
    onBackgroundError: (e) => logger.error({ err: describeError(e) }, 'embedded store sweep failed'),
  });
  if (store.imported)
    logger.warn(
      { ...store.imported },
      'embedded store: migrated store.jsonl into store.db; the journal is kept as a backup',
    );
  if (store.droppedLeases > 0)
    logger.warn(
      { deliveries: store.droppedLeases },
      'embedded store: deliveries a previous process left unfinished will be handled when redelivered',
    );
  logger.info({ dir: config.DATA_DIR }, 'embedded store (SQLite) opened');
  return store;
}
