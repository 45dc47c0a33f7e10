import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 10's scale check: 1, 10 and 50 loaded plans, each count in a fresh process. Real plans are
 * multiplied by shifting their years (every year in the text moves by the same amount), so the
 * copies read like the originals. Reports load time and RSS per plan (the slope from 1 to 50) and
 * warm p99 per question at 50 plans against 1 plan.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const REAL = [
  'seeds/sichuan-fangguanfu-2022.txt',
  'test/fixtures/plan-2023-sample.txt',
  'test/fixtures/plans/import/gov-employment-2018.txt',
  'test/fixtures/plans/weihai-digital-2023.txt',
  'test/fixtures/plans/chengdu-report-tasks-2022.txt',
];

const FULL_WIDTH = '０１２３４５６７８９';
const halfWidth = (s: string) => s.replace(/[０-９]/g, (d) => String(FULL_WIDTH.indexOf(d)));

/** The text with every year 1990–2039 moved by `shift`, full-width digits made ASCII first. */
function shifted(text: string, shift: number): string {
  return halfWidth(text).replace(/(?<!\d)(19[9]\d|20[0-3]\d)(?!\d)/g, (y) => String(Number(y) + shift));
}

function planDir(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `workplan-bench-${count}-`));
  for (let i = 0; i < count; i++) {
    const file = REAL[i % REAL.length] as string;
    const round = Math.floor(i / REAL.length);
    // Round 0 keeps the real plans; later rounds go back one year each, so no key repeats.
    const stem = basename(file, '.txt').replace(/-?(19|20)\d{2}$/, '');
    const text = readFileSync(join(ROOT, file), 'utf8');
    writeFileSync(join(dir, `${stem}-r${round}.txt`), round === 0 ? text : shifted(text, -round));
  }
  return dir;
}

interface Measure {
  plans: number;
  loadMs: number;
  rssMb: number;
  /** The quietest batch's (see plans-child.ts). */
  p50Ms: number;
  p99Ms: number;
  /** Every batch's p99, to show how noisy the run was. */
  batchP99Ms: number[];
  /** Answers timed in a batch. */
  n: number;
}

function measure(count: number): Measure {
  const dir = planDir(count);
  try {
    const out = spawnSync(TSX, ['bench/plans-child.ts', dir], { cwd: ROOT, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`bench child failed: ${out.stderr}`);
    return JSON.parse(out.stdout.trim().split('\n').at(-1) as string) as Measure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(log: (line: string) => void): Promise<void> {
  const results = [1, 10, 50].map(measure);
  const us = (ms: number) => (ms * 1000).toFixed(0);
  log(
    `warm latency: the quietest of ${results[0]?.batchP99Ms.length} batches of ${results[0]?.n} answers each`,
  );
  for (const r of results)
    log(
      `${String(r.plans).padStart(2)} plans: load ${r.loadMs.toFixed(0)} ms, RSS ${r.rssMb.toFixed(0)} MB, warm p50 ${us(r.p50Ms)} µs, p99 ${us(r.p99Ms)} µs (each batch: ${r.batchP99Ms.map(us).join(', ')} µs)`,
    );
  const [one, , fifty] = results as [Measure, Measure, Measure];
  const perPlan = (a: number, b: number) => (b - a) / (fifty.plans - one.plans);
  log(
    `added per plan (1 → 50): ${perPlan(one.loadMs, fifty.loadMs).toFixed(1)} ms of start-up, ${perPlan(one.rssMb, fifty.rssMb).toFixed(2)} MB of RSS`,
  );
  log(`warm p99 at 50 plans / at 1 plan: ${(fifty.p99Ms / one.p99Ms).toFixed(2)}× (issue 10 asks ≤ 2×)`);
}
