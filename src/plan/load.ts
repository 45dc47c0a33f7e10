import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanFormatError } from '../errors.ts';
import { AliasTableSchema, type AliasTable, type Plan } from './model.ts';
import { parsePlan } from './parse.ts';

export const SEEDS_DIR = resolve(fileURLToPath(new URL('../../seeds/', import.meta.url)));
export const ALIASES_FILE = join(SEEDS_DIR, 'agency-aliases.json');

/** The plan in seeds/: the last .txt by name, so dropping in a later year's plan picks it up. */
export function defaultPlanFile(dir: string = SEEDS_DIR): string {
  const plans = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const last = plans.at(-1);
  if (!last) throw new PlanFormatError(`no plan (.txt) in ${dir}`);
  return join(dir, last);
}

export function loadPlan(file: string = defaultPlanFile()): Plan {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanFormatError(`cannot read the plan file ${file}`, { cause: e });
  }
  return parsePlan(raw);
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
