/**
 * Logs as the server does, for log.test.ts: `log-child.ts quiet` logs one line and stays alive until
 * killed; `log-child.ts exit` logs a few lines and exits at once (process.exit, no drain).
 */
import { createLogger } from '../src/log.ts';

const logger = createLogger('info');
const mode = process.argv[2];
if (mode === 'quiet') {
  logger.info({ n: 1 }, 'one line');
  setInterval(() => {}, 60_000);
} else {
  for (let n = 1; n <= 3; n += 1) logger.info({ n }, 'line');
  process.exit(0);
}
