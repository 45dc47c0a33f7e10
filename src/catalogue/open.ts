import type { PlanConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { SEEDS_DIR } from '../plan/load.ts';
import { PlanCatalogue } from './catalogue.ts';

/**
 * The catalogue the settings ask for: exactly PLAN_FILE (or --plan) when given, else every plan of
 * PLAN_DIR (or --plan-dir; default seeds/).
 * @throws PlanFormatError when no plan loads; ConfigError when PLAN_DEFAULT names none loaded
 */
export function openCatalogue(
  config: PlanConfig,
  options: { logger?: Logger; file?: string; dir?: string } = {},
): PlanCatalogue {
  const file = options.file ?? (options.dir ? undefined : config.PLAN_FILE);
  return PlanCatalogue.load({
    ...(file ? { files: [file] } : { dir: options.dir ?? config.PLAN_DIR ?? SEEDS_DIR }),
    defaultPlan: config.PLAN_DEFAULT,
    year: config.PLAN_YEAR,
    timeZone: config.PLAN_TZ,
    logger: options.logger,
  });
}
