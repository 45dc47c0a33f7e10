import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import type { Plan } from '../src/plan/model.ts';
import { bareServer, load, type LoadResult } from './load.ts';

const CONCURRENCY = 16;
const WARMUP = 300;
const REQUESTS = 4000;
/** As many conversations as the web page would bring: each keeps its follow-up context. */
const CHATS = 64;

/** Questions of every kind, built from the plan itself so another year's plan benches too. */
function questionsOf(plan: Plan): string[] {
  const topics = plan.tasks.map((t) => t.terms[0] ?? t.title);
  return [
    ...topics.map((topic) => `谁牵头${topic}`),
    ...plan.tasks.map((t) => `${t.id}什么时候截止`),
    ...plan.agencies.slice(0, 8).map((a) => `${a}负责哪些工作`),
    ...[...new Set(plan.tasks.flatMap((t) => t.deadlines.map((d) => d.label)))].map((l) => `${l}要完成什么`),
    '明天天气怎么样',
  ];
}

const describe = (r: LoadResult): string =>
  `${Math.round(r.perSecond)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms` +
  (r.errors > 0 ? `, ${r.errors} non-200` : '');

/** A small answer-shaped body, so the bare server writes about as much framing as the API. */
const BARE_PAYLOAD = JSON.stringify({ intent: 'lead', tasks: [], text: 'ok' });

/**
 * POST /api/ask under a bounded number of concurrent keep-alive clients on loopback, through the
 * whole composed server (zod, Bot, engine, embedded store: context writes are appended unsynced), then
 * a bare node:http server answering a fixed JSON under the same load, reported as a ratio.
 */
export async function run(log: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workplan-bench-api-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    // The bench is one client hammering from one address: take the limiter out of the measurement.
    RATE_LIMIT_PER_MINUTE: String(1_000_000),
    PLAN_NOW: '2022-08-15T09:00:00+08:00',
  });
  const app = await startApp(config, {
    logger: createLogger('silent'),
    createAdapters: () => ({ adapters: [], off: [] }),
  });
  const bare = await bareServer(BARE_PAYLOAD);
  try {
    const questions = questionsOf(app.plan);
    const body = (i: number) =>
      JSON.stringify({ question: questions[i % questions.length], chat: `bench-${i % CHATS}` });
    const shape = { requests: REQUESTS, concurrency: CONCURRENCY };
    await load({ port: app.port(), path: '/api/ask', body, requests: WARMUP, concurrency: CONCURRENCY });
    const api = await load({ port: app.port(), path: '/api/ask', body, ...shape });
    await load({ port: bare.port, path: '/', body, requests: WARMUP, concurrency: CONCURRENCY });
    const baseline = await load({ port: bare.port, path: '/', body, ...shape });

    log(
      `api: ${REQUESTS} requests, ${CONCURRENCY} concurrent, ${questions.length} questions over ${CHATS} chats`,
    );
    log(`api: POST /api/ask        ${describe(api)}`);
    log(`api: bare node:http       ${describe(baseline)}`);
    log(
      `api: /api/ask vs bare: ${(api.perSecond / baseline.perSecond).toFixed(3)} of its throughput, ` +
        `p99 ${(api.p99Ms / baseline.p99Ms).toFixed(1)}× its p99`,
    );
    if (api.errors > 0) throw new Error(`/api/ask answered ${api.errors} requests with a non-200 status`);
  } finally {
    await bare.close();
    app.server.closeAllConnections();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
