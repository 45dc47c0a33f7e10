/**
 * One measured process for bench/plans.ts: loads every plan of a folder, then answers a mix of
 * unqualified and year-qualified questions warm. Prints one JSON line: load time, RSS, latencies.
 */
import { performance } from 'node:perf_hooks';
import { PlanCatalogue } from '../src/catalogue/catalogue.ts';
import { PlanRouter } from '../src/catalogue/router.ts';
import { emptyContext } from '../src/engine/types.ts';
import { loadCases } from '../test/helpers/questions.ts';

const dir = process.argv[2] as string;
const startedAt = performance.now();
const catalogue = PlanCatalogue.load({
  dir,
  timeZone: 'Asia/Shanghai',
  defaultPlan: 'sichuan-fangguanfu-r0.txt',
});
const router = new PlanRouter(catalogue, 'Asia/Shanghai');
const now = new Date('2022-06-15T09:00:00+08:00');
router.answer('谁牵头川渝通办', { now });
const loadMs = performance.now() - startedAt;
const rssMb = process.memoryUsage().rss / 2 ** 20;

const questions = [
  ...loadCases('acceptance-questions.jsonl').map((c) => c.q),
  '2022年川渝通办谁牵头',
  '去年的川渝通办是谁牵头',
  '省里的证照分离谁牵头',
  '2019年的要点有几项任务',
];
const times: number[] = [];
// 35 measured rounds (about 2,000 answers): the p99 is then the 20th slowest answer, not the 7th,
// so one collection pause or one noisy neighbour does not decide it.
for (let round = 0; round < 40; round++) {
  for (const q of questions) {
    const t = performance.now();
    router.answer(q, { now, context: emptyContext() });
    if (round >= 5) times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
process.stdout.write(
  `${JSON.stringify({ plans: catalogue.entries().length, loadMs, rssMb, p50Ms: at(50), p99Ms: at(99), n: times.length })}\n`,
);
