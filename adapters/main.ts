import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { startApp, type App } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
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
  const { line, url } = startupLine(app, config);
  logger.info({ url }, line);

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

/**
 * The one line an operator reads at start-up: where to open the page, which adapters run, which plan
 * was loaded. The page's address is PUBLIC_URL when set (behind a proxy), else this host and port.
 */
function startupLine(app: App, config: Config): { line: string; url: string } {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? 'localhost' : config.HOST;
  const url = config.PUBLIC_URL
    ? config.PUBLIC_URL.replace(/\/?$/, '/')
    : `http://${host.includes(':') ? `[${host}]` : host}:${app.port()}/`;
  const adapters = ['web', ...app.adapters.map((a) => `${a.platform} (${a.mode})`)].join(', ');
  const main = app.catalogue.defaultEntry();
  const planFile = relative(process.cwd(), realpathSync(main.file)) || '.';
  // Several plans (issue 10): the default one is named, and how many more are loaded.
  const others = app.catalogue.entries().length - 1;
  const line =
    `workplan-bot: open ${url} · adapters: ${adapters} · ` +
    `plan: ${main.plan.title} (${main.plan.tasks.length} tasks, ${planFile})` +
    `${others > 0 ? ` + ${others} more` : ''} · store: ${app.store.kind}`;
  return { line, url };
}

main().catch((e: unknown) => {
  // Start-up errors (bad config, corrupt store, unreadable plan) are the operator's to fix: say which.
  const { code, message } = describeError(e);
  console.error(`workplan-bot: cannot start (${code}): ${message}`);
  process.exit(1);
});
