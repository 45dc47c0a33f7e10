import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanFormatError } from '../errors.ts';
import { AliasTableSchema, type AliasTable, type Plan } from './model.ts';
import { parsePlan, type ParseOptions } from './parse.ts';

export const SEEDS_DIR = resolve(fileURLToPath(new URL('../../seeds/', import.meta.url)));
/** Alias tables per plan region: seeds/aliases/<region>.json ("四川省.json"). */
export const ALIASES_DIR = join(SEEDS_DIR, 'aliases');
/** Sichuan's table, the one the 2022 plan uses. */
export const ALIASES_FILE = join(ALIASES_DIR, '四川省.json');

/** "sichuan-fangguanfu-2022.txt" → 2022; 0 for a name without a trailing year. */
const nameYear = (file: string): number => Number(/-((?:19|20)\d{2})\.txt$/.exec(file)?.[1] ?? 0);

/**
 * The plan in seeds/: the .txt whose name ends with the latest year ("…-2023.txt"), then the last by
 * name, so dropping in (or importing) a later year's plan picks it up whatever its region.
 */
export function defaultPlanFile(dir: string = SEEDS_DIR): string {
  const plans = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort((a, b) => nameYear(a) - nameYear(b) || a.localeCompare(b));
  const last = plans.at(-1);
  if (!last) throw new PlanFormatError(`no plan (.txt) in ${dir}`);
  return join(dir, last);
}

/**
 * Reads and parses a plan text file (UTF-8).
 * @throws PlanFormatError when the file cannot be read or holds no usable plan
 */
export function loadPlan(file: string = defaultPlanFile(), options: ParseOptions = {}): Plan {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanFormatError(`cannot read the plan file ${file}`, { cause: e });
  }
  return parsePlan(raw, options);
}

export function loadAliases(file: string = ALIASES_FILE): AliasTable {
  try {
    return AliasTableSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new PlanFormatError(`the alias table ${file} is not a JSON object of name → [aliases]`, {
      cause: e,
    });
  }
}

/** The alias file for a plan's region, or null when the plan has no region or the region no file. */
export function aliasFileFor(plan: Plan, dir: string = ALIASES_DIR): string | null {
  const region = plan.meta.region;
  if (!region || /[\\/.]/.test(region)) return null;
  const file = join(dir, `${region}.json`);
  return existsSync(file) ? file : null;
}

/** The agency shorthand of the plan's region; an empty table when it has none (names still match). */
export function loadAliasesFor(plan: Plan, dir: string = ALIASES_DIR): AliasTable {
  const file = aliasFileFor(plan, dir);
  return file ? loadAliases(file) : {};
}
