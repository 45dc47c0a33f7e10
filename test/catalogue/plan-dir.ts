import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The plans a several-plan test loads: the 2022 seed, a 2023 plan in its format, and real plans of other issuers. */
export const PLAN_FILES = {
  seed2022: join(root, 'seeds/sichuan-fangguanfu-2022.txt'),
  sample2023: join(root, 'test/fixtures/plan-2023-sample.txt'),
  stateCouncil2018: join(root, 'test/fixtures/plans/import/gov-employment-2018.txt'),
  weihai2023: join(root, 'test/fixtures/plans/weihai-digital-2023.txt'),
  chengdu2022: join(root, 'test/fixtures/plans/chengdu-report-tasks-2022.txt'),
} as const;

/** The province's office's 百日攻坚 plan (a real plan, 川办函〔2021〕7号): only in the hidden check's folder B. */
const ONENET_2021 = join(root, 'test/fixtures/plans/sc-onenet-100days-2021.txt');

/**
 * The hidden check's folders (issue 10): the 2022 seed, a 2023 plan in the seed's format and two
 * real plans of other issuers. A takes the State Council's and Weihai's (other provinces); B takes
 * Chengdu's and the province's office's 百日攻坚 plan (the same province, other issuers).
 */
export const HIDDEN_CHECK_DIRS = {
  a: [PLAN_FILES.seed2022, PLAN_FILES.sample2023, PLAN_FILES.stateCouncil2018, PLAN_FILES.weihai2023],
  b: [PLAN_FILES.seed2022, PLAN_FILES.sample2023, PLAN_FILES.chengdu2022, ONENET_2021],
} as const;

/** A fresh PLAN_DIR holding the given plans (all of them by default). */
export function planDir(files: string[] = Object.values(PLAN_FILES)): string {
  const dir = mkdtempSync(join(tmpdir(), 'workplan-plans-'));
  for (const file of files) copyFileSync(file, join(dir, file.split('/').pop() as string));
  return dir;
}
