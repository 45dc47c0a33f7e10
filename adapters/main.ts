import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { describeError } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';
import { createAdapters } from './index.ts';

/**
 * Process entry. It lives with the adapters because it is the one place that knows every platform;
 * the core (src/) only sees the Adapter interface. Config is parsed once; SIGTERM stops gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startApp(config, { logger, createAdapters });

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second signal means "now"
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: describeError(e) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e: unknown) => {
  // Start-up errors (bad config, corrupt store, unreadable plan) are the operator's to fix: say which.
  const { code, message } = describeError(e);
  console.error(`workplan-bot: cannot start (${code}): ${message}`);
  process.exit(1);
});
