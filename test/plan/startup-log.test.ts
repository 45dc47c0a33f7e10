import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

const tmp = mkdtempSync(join(tmpdir(), 'workplan-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts the real app on a plan and returns the log lines it wrote while starting. */
async function startupLog(planText: string | null): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const dir = mkdtempSync(join(tmp, 'run-'));
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') };
  if (planText !== null) {
    env.PLAN_FILE = join(dir, 'plan.txt');
    writeFileSync(env.PLAN_FILE, planText);
  }
  const app = await startApp(loadConfig(env), {
    logger: pino({ level: 'info', base: undefined }, sink),
    createAdapters: () => ({ adapters: [], off: [] }),
  });
  await app.stop();
  return lines;
}

describe('start-up', () => {
  it('logs one line summing up the loaded plan, with no findings for the seed', async () => {
    const loaded = (await startupLog(null)).filter((l) => String(l.msg).startsWith('plan loaded'));
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ level: 30, tasks: 23, deadlines: 11, findings: 0 });
    expect(loaded[0]?.file).toMatch(/seeds\/sichuan-fangguanfu-2022\.txt$/);
    expect(loaded[0]?.msg).toContain(
      '《四川省深化“放管服”改革优化营商环境2022年工作要点》 2022 (from title)',
    );
  });

  it('warns with the count of findings when the plan is odd, and still starts', async () => {
    const log = await startupLog('某市2023年要点\n一、任务\n(一)甲。做好甲。(甲局负责)\n(二)乙。做好乙。\n');
    const loaded = log.find((l) => String(l.msg).startsWith('plan loaded'));
    expect(loaded).toMatchObject({ level: 40, tasks: 2, findings: 1 });
    expect(log.some((l) => l.msg === 'workplan-bot started')).toBe(true);
  });
});
