import { watch, type FSWatcher } from 'node:fs';
import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { PlanCatalogue, ReloadResult } from './catalogue.ts';

/** Events of one write (create, then several changes) settle before the folder is read again. */
const SETTLE_MS = 300;

/**
 * Reloads the catalogue on SIGHUP and, for a folder of plans, when a file in it changes, so a plan
 * added to PLAN_DIR (or by `npm run plan -- import`) loads while the server runs. Each plan read
 * logs its check summary; one that fails keeps the running plans as they are (catalogue.ts).
 * Returns the function that stops watching.
 */
export function watchPlans(catalogue: PlanCatalogue, dir: string | null, logger: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = (why: string) => {
    const result: ReloadResult = catalogue.reload();
    if (result.loaded.length > 0 || result.dropped.length > 0 || result.failed.length > 0)
      logger.info(
        {
          why,
          loaded: result.loaded.length,
          dropped: result.dropped.length,
          failed: result.failed.length,
          plans: catalogue.entries().length,
          default: catalogue.defaultEntry().key,
        },
        'plans reloaded',
      );
  };
  const onHup = () => reload('SIGHUP');
  process.on('SIGHUP', onHup);
  let watcher: FSWatcher | null = null;
  if (dir) {
    try {
      watcher = watch(dir, { persistent: false }, (_event, file) => {
        if (file && !String(file).endsWith('.txt')) return;
        clearTimeout(timer);
        timer = setTimeout(() => reload('file change'), SETTLE_MS);
        timer.unref();
      });
      watcher.on('error', (e) =>
        logger.warn({ dir, err: describeError(e) }, 'watching the plan folder failed; SIGHUP still reloads'),
      );
    } catch (e) {
      logger.warn({ dir, err: describeError(e) }, 'cannot watch the plan folder; SIGHUP still reloads');
    }
  }
  return () => {
    process.off('SIGHUP', onHup);
    clearTimeout(timer);
    watcher?.close();
  };
}
