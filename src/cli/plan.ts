import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlanConfig } from '../config.ts';
import { describeError } from '../errors.ts';
import { extractText, IMPORT_FORMATS } from '../plan/extract.ts';
import { planLines } from '../plan/lines.ts';
import { SEEDS_DIR } from '../plan/load.ts';
import type { Plan } from '../plan/model.ts';
import { planFileName } from '../plan/file-name.ts';
import { parsePlan } from '../plan/parse.ts';
import { planCheckJson, planCheckText } from '../plan/report.ts';

const USAGE = `usage:
  npm run plan -- check FILE [--json]       how the reader reads a plan text, and every finding
  npm run plan -- import FILE [--out DIR]   extract ${IMPORT_FORMATS.join(' ')} into DIR (default seeds/), then check
options: --year N (or PLAN_YEAR) when the plan's title, document number and issue date give no year;
         --name NAME.txt for the imported file (default: region, subject and year in pinyin)
exit: 0 the plan is usable (findings or not), 1 it is not, 2 wrong usage`;

function report(plan: Plan, file: string, json: boolean): void {
  process.stdout.write(`${json ? JSON.stringify(planCheckJson(plan, file)) : planCheckText(plan, file)}\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      year: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const [command, file] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!file || (command !== 'check' && command !== 'import') || positionals.length > 2) {
    console.error(USAGE);
    return 2;
  }
  const year = values.year === undefined ? loadPlanConfig().PLAN_YEAR : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    console.error(`plan: --year must be a year like 2024, not ${values.year}`);
    return 2;
  }
  try {
    // Both read any format; only import writes the text into seeds/.
    const raw = await extractText(file);
    const plan = parsePlan(raw, { year });
    if (command === 'check') {
      report(plan, file, values.json);
      return 0;
    }
    // The written text is the repaired one, line for line, so findings' lines point into it.
    const text = planLines(raw)
      .map((l) => l.text)
      .join('\n');
    const target = join(values.out ?? SEEDS_DIR, values.name ?? planFileName(plan));
    writeFileSync(target, `${text}\n`);
    const written = parsePlan(text, { year });
    if (!values.json) console.log(`wrote ${target}`);
    report(written, target, values.json);
    return 0;
  } catch (e) {
    const { code, message } = describeError(e);
    if (values.json)
      process.stdout.write(`${JSON.stringify({ file, usable: false, error: { code, message } })}\n`);
    console.error(`plan: ${code}: ${message}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`plan: ${describeError(e).message}`);
    process.exitCode = 1;
  },
);
