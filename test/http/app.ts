import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/log.ts';

export interface TestApp {
  app: App;
  base: string;
  clock: ManualClock;
  stop(): Promise<void>;
}

/**
 * The real composed server (engine, embedded store in a temp dir, every route) on an ephemeral
 * loopback port, with no chat platforms configured.
 */
export async function startTestApp(
  options: { now?: string; rateLimitPerMinute?: number; planDir?: string } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workplan-http-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 1000),
    ...(options.planDir ? { PLAN_DIR: options.planDir } : {}),
  });
  const clock = new ManualClock(options.now ?? '2022-08-15T09:00:00+08:00');
  const app = await startApp(config, {
    logger: createLogger('silent'),
    createAdapters: () => ({ adapters: [], off: [] }),
    clock,
  });
  return {
    app,
    base: `http://127.0.0.1:${app.port()}`,
    clock,
    stop: async () => {
      app.server.closeAllConnections();
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
