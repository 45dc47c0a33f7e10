import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlan } from '../src/plan/load.ts';
import type { Plan } from '../src/plan/model.ts';
import { startFakePlatforms } from '../test/adapters/fakes/all-platforms.ts';
import { lineTextEvent, type FakeLineApi } from '../test/adapters/fakes/line-api.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = 16;
const WARMUP = 500;
const REQUESTS = 6_000;
const LINE_REQUESTS = 3_000;
const ROUNDS = 2;
/** Issue 13's memory goal: RSS after this many requests (read at the first figure run past it). */
const GOAL_REQUESTS = 20_000;
/** MiB → MB (10^6 bytes), the unit the goal is stated in. */
const mb = (mib: number) => ((mib * 1048576) / 1e6).toFixed(0);
/** How long the server idles after the load before its RSS is read again (ms). */
const REST_MS = 15_000;
/** The V8 flags `npm start`, the image and the systemd unit give the server (README, Operations → Memory). */
const SERVER_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20', '--liftoff-only'];
/** As many conversations as the web page would bring: each keeps its follow-up context. */
const CHATS = 64;

interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** The load generator's own CPU over the run (µs). */
  cpuUs: number;
  /** The server's CPU (user + system) per request over the run (µs), from /proc. */
  serverCpuUs: number;
}
interface Req {
  body: string;
  headers?: Record<string, string>;
}

/**
 * A process's CPU time so far (user + system), in µs, from /proc (Linux; clock ticks of 10 ms, so a
 * run of thousands of requests resolves a few µs per request). CPU per request holds on a shared
 * machine, where requests per second swing with whatever else runs.
 */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs autocannon in its own process (bench/load-worker.mjs) against `server` and returns its figures. */
async function drive(
  server: Running,
  path: string,
  requests: Req[],
  amount: number,
  dir: string,
): Promise<LoadResult> {
  const job = join(dir, `job-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(job, JSON.stringify({ url: server.url, path, connections: CONNECTIONS, amount, requests }));
  const before = cpuUs(server.child.pid!);
  const result = await generate(job);
  return { ...result, serverCpuUs: (cpuUs(server.child.pid!) - before) / result.requests };
}

function generate(job: string): Promise<Omit<LoadResult, 'serverCpuUs'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/load-worker.mjs', job], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Omit<LoadResult, 'serverCpuUs'>)
        : reject(new Error(`load worker exited ${code}`)),
    );
  });
}

/** A process's resident memory now and at its peak, in MiB, from /proc (Linux). */
function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

interface Running {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns `command`, waits for `ready` to yield a base URL from its stdout (or log file). */
async function spawnServer(args: string[], env: Record<string, string>, logFile?: string): Promise<Running> {
  const out = logFile ? openSync(logFile, 'w') : 'pipe';
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then(() => reject(new Error(`${args.join(' ')} exited before it was ready`)));
    if (!logFile) {
      child.stdout!.once('data', (c: Buffer) => resolve(`http://127.0.0.1:${c.toString().trim()}`));
      return;
    }
    const poll = setInterval(() => {
      const found = /"url":"([^"]+)"/.exec(readFileSync(logFile, 'utf8'));
      if (found) {
        clearInterval(poll);
        resolve((found[1] as string).replace(/\/$/, ''));
      }
    }, 10);
  });
  return {
    child,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Questions of every kind, built from the plan itself so another year's plan benches too. */
function variedQuestions(plan: Plan): string[] {
  const topics = plan.tasks.map((t) => t.terms[0] ?? t.title);
  return [
    ...topics.map((topic) => `谁牵头${topic}`),
    ...plan.tasks.map((t) => `${t.id}什么时候截止`),
    ...plan.agencies.slice(0, 8).map((a) => `${a}负责哪些工作`),
    ...[...new Set(plan.tasks.flatMap((t) => t.deadlines.map((d) => d.label)))].map((l) => `${l}要完成什么`),
    '明天天气怎么样',
  ];
}

/**
 * `count` questions, no two alike: every topic and agency of the plan under many phrasings, so
 * neither a cache nor a repeated question can stand in for the engine.
 */
function uniqueQuestions(plan: Plan, count: number): string[] {
  const topics = [...new Set(plan.tasks.flatMap((t) => [...t.terms, t.title]))];
  const asks = [
    (x: string) => `谁牵头${x}`,
    (x: string) => `${x}由哪个部门负责`,
    (x: string) => `${x}什么时候完成`,
    (x: string) => `${x}的时间节点是什么`,
    (x: string) => `${x}有什么指标`,
    (x: string) => `${x}有哪些配合单位`,
    (x: string) => `关于${x}有哪些要求`,
  ];
  const agencyAsks = [
    (a: string) => `${a}负责哪些工作`,
    (a: string) => `${a}牵头什么`,
    (a: string) => `${a}年底前要完成什么`,
    (a: string) => `${a}9月底前有什么任务`,
  ];
  const prefixes = ['', '请问', '您好，', '想了解一下', '麻烦问下', '同事问'];
  const suffixes = ['', '？', '。', '呢', '啊'];
  const out = new Set<string>();
  for (const prefix of prefixes)
    for (const suffix of suffixes) {
      for (const topic of topics) for (const ask of asks) out.add(`${prefix}${ask(topic)}${suffix}`);
      for (const agency of plan.agencies)
        for (const ask of agencyAsks) out.add(`${prefix}${ask(agency)}${suffix}`);
    }
  return [...out].slice(0, count);
}

/** LINE webhook bodies as LINE sends them, signed ahead of time so the client's HMAC is not measured. */
function lineBodies(line: FakeLineApi, questions: string[], count: number, offset: number): Req[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const body = JSON.stringify({
      destination: 'U0bench',
      events: [
        lineTextEvent({
          timestamp: 1663635600000 + i,
          webhookEventId: `01BENCH${String(i).padStart(18, '0')}`,
          replyToken: `bench-reply-${i}`,
          userId: `U${String(i % CHATS).padStart(32, '0')}`,
          messageId: String(i),
          text: questions[i % questions.length] as string,
        }),
      ],
    });
    return {
      body,
      headers: { 'x-line-signature': line.webhookSignature(body) },
    };
  });
}

const describe = (r: LoadResult, cpu: number): string =>
  `${Math.round(r.perSecond).toLocaleString('en')} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ` +
  `CPU ${Math.round(cpu)} µs/request` +
  (r.non2xx + r.errors > 0 ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : '');

/** The server's own account of its memory (GET /metrics), in MiB: RSS, V8 heap, outside the heap. */
async function memoryOf(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mib = (name: string) =>
    (Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]) / 1048576).toFixed(0);
  return (
    `rss ${mib('process_resident_memory_bytes')}, V8 heap ${mib('nodejs_heap_size_used_bytes')} used of ` +
    `${mib('nodejs_heap_size_total_bytes')}, external ${mib('nodejs_external_memory_bytes')} (MiB)`
  );
}

/** Polls until the server answers a question; the time from spawning it to that answer. */
async function firstAnswerMs(spawned: number, url: string): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`${url}/api/ask`, { method: 'POST', body: '{"question":"谁牵头川渝通办"}' });
      if (res.ok) return performance.now() - spawned;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The HTTP server as production runs it (`node dist/adapters/main.js`, every adapter configured,
 * info-level logs written to a file) and a bare node:http server, each in its own process, loaded
 * by autocannon in a third: 16 keep-alive connections on loopback. Every figure sits beside the bare
 * server's from the same run; the machine is shared, so the ratios are what compare across runs.
 */
export async function run(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'workplan-bench-http-'));
  // Every platform configured against its fake (DingTalk's Stream connection stays open throughout).
  const fakes = await startFakePlatforms();
  const { line } = fakes;
  const env = {
    // As `npm start` and the image run it (see README, Operations → Memory).
    GLIBC_TUNABLES:
      'glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'info',
    PLAN_NOW: '2022-08-15T09:00:00+08:00',
    // One load generator from one address: the limiters are not what is measured.
    RATE_LIMIT_PER_MINUTE: '100000000',
    NEW_CHATS_PER_HOUR: '100000000',
    ...fakes.env,
  };
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });

  const bareSpawned = performance.now();
  const bare = await spawnServer(['bench/bare-server.mjs'], {});
  const bareFirst = await firstAnswerMs(bareSpawned, bare.url);
  const spawned = performance.now();
  const server = await spawnServer([...SERVER_FLAGS, 'dist/adapters/main.js'], env, join(dir, 'server.log'));
  const serverFirst = await firstAnswerMs(spawned, server.url);
  const startRss = rss(server.child.pid!);
  const startMemory = await memoryOf(server.url);
  let served = 1;
  let atGoal: { served: number; now: number; peak: number } | null = null;
  try {
    const plan = loadPlan();
    const varied = variedQuestions(plan);
    const withChat: Req[] = Array.from({ length: varied.length * CHATS }, (_, i) => ({
      body: JSON.stringify({ question: varied[i % varied.length], chat: `bench-${i % CHATS}` }),
    }));
    const anonymous: Req[] = varied.map((question) => ({ body: JSON.stringify({ question }) }));
    const unique = uniqueQuestions(plan, ROUNDS * REQUESTS);
    const noRepeat: Req[] = unique.map((question) => ({ body: JSON.stringify({ question }) }));
    const lineReqs = lineBodies(line, varied, WARMUP + ROUNDS * LINE_REQUESTS, 0);

    await drive(bare, '/', withChat, WARMUP, dir);
    await drive(server, '/api/ask', withChat, WARMUP, dir);
    await drive(server, '/line/webhook', lineReqs.slice(0, WARMUP), WARMUP, dir);
    served += 2 * WARMUP;

    // Each figure is measured in ROUNDS rounds, each right after a bare run with the same bodies,
    // so a burst of other work on the shared machine is less likely to fall on only one side.
    interface Figure {
      label: string;
      path: string;
      bodies: (round: number) => Req[];
      amount: number;
    }
    const half = Math.floor(noRepeat.length / ROUNDS);
    const figures: Figure[] = [
      {
        label: `POST /api/ask, ${varied.length} varied questions over ${CHATS} chats`,
        path: '/api/ask',
        bodies: () => withChat,
        amount: REQUESTS,
      },
      {
        label: 'POST /api/ask, the same questions, no chat id',
        path: '/api/ask',
        bodies: () => anonymous,
        amount: REQUESTS,
      },
      {
        label: `POST /api/ask, ${half * ROUNDS} questions, none repeated, no chat id`,
        path: '/api/ask',
        bodies: (round) => noRepeat.slice(round * half, (round + 1) * half),
        amount: half,
      },
      {
        label: 'POST /line/webhook, text event answered',
        path: '/line/webhook',
        bodies: (round) =>
          lineReqs.slice(WARMUP + round * LINE_REQUESTS, WARMUP + (round + 1) * LINE_REQUESTS),
        amount: LINE_REQUESTS,
      },
    ];
    // Best of the rounds for the server and, separately, for its bare pairs: the least disturbed run
    // of each. (The best per-pair ratio would favour the rounds where the bare run was the one slowed.)
    // CPU per request likewise: the least of the rounds, each side.
    interface Best {
      server: LoadResult;
      bare: LoadResult;
      serverCpu: number;
      bareCpu: number;
      failed: number;
    }
    const best = new Map<Figure, Best>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const figure of figures) {
        const bodies = figure.bodies(round);
        const bareRun = await drive(bare, '/', bodies, figure.amount, dir);
        const serverRun = await drive(server, figure.path, bodies, figure.amount, dir);
        served += figure.amount;
        // The goal is stated after 20,000 requests: the first reading past that many.
        if (served >= GOAL_REQUESTS && !atGoal) atGoal = { served, ...rss(server.child.pid!) };
        const soFar = best.get(figure);
        best.set(figure, {
          server: !soFar || serverRun.perSecond > soFar.server.perSecond ? serverRun : soFar.server,
          bare: !soFar || bareRun.perSecond > soFar.bare.perSecond ? bareRun : soFar.bare,
          serverCpu: Math.min(soFar?.serverCpu ?? Infinity, serverRun.serverCpuUs),
          bareCpu: Math.min(soFar?.bareCpu ?? Infinity, bareRun.serverCpuUs),
          failed: (soFar?.failed ?? 0) + serverRun.non2xx + serverRun.errors,
        });
      }
    }
    const after = rss(server.child.pid!);
    const afterMemory = await memoryOf(server.url);
    const bareRss = rss(bare.child.pid!);
    // Idle, V8's memory reducer gives back what the load's garbage took: what `top` shows at rest.
    await new Promise((r) => setTimeout(r, REST_MS));
    const rested = rss(server.child.pid!);

    log(
      `http: autocannon in its own process, ${CONNECTIONS} connections, loopback; server = node ${SERVER_FLAGS.join(' ')} dist/adapters/main.js ` +
        `(Telegram webhook, LINE, WeCom and DingTalk Stream configured against fake APIs, info logs to a file, ` +
        `GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072); best of ${ROUNDS} rounds each, ` +
        `every server run right after a bare node:http run on the same bodies; req/s from the first request ` +
        `to the last response; CPU = the server process's user + system time per request (/proc)`,
    );
    for (const figure of figures) {
      const { server: r, bare: b, serverCpu, bareCpu } = best.get(figure)!;
      log(
        `http: ${figure.label}: ${describe(r, serverCpu)}; bare ${describe(b, bareCpu)} → ` +
          `${(r.perSecond / b.perSecond).toFixed(3)} of bare (load generator ` +
          `${Math.round(b.cpuUs / b.requests)} µs/request in the bare run)`,
      );
    }
    log(
      `http: start to first answer: server ${serverFirst.toFixed(0)} ms, bare node:http ${bareFirst.toFixed(0)} ms`,
    );
    if (atGoal)
      log(
        `http: server RSS after ${atGoal.served.toLocaleString('en')} requests ${atGoal.now.toFixed(0)} MiB ` +
          `(${mb(atGoal.now)} MB; peak so far ${atGoal.peak.toFixed(0)} MiB, ${mb(atGoal.peak)} MB)`,
      );
    log(
      `http: server RSS ${startRss.now.toFixed(0)} MiB after its first answer, ${after.now.toFixed(0)} MiB ` +
        `(${mb(after.now)} MB) after ` +
        `${served.toLocaleString('en')} requests (peak ${after.peak.toFixed(0)}), ${rested.now.toFixed(0)} MiB ` +
        `${REST_MS / 1000} s later; bare node:http ${bareRss.now.toFixed(0)} MiB`,
    );
    log(`http: server memory after its first answer: ${startMemory}`);
    log(`http: server memory after the load: ${afterMemory}`);
    const failed = [...best.values()].reduce((n, r) => n + r.failed, 0);
    if (failed > 0) throw new Error(`${failed} requests failed or were refused`);
    const replies = line.replies().length;
    const expected = WARMUP + ROUNDS * LINE_REQUESTS;
    if (replies !== expected) throw new Error(`expected ${expected} LINE replies, saw ${replies}`);
  } finally {
    await server.stop();
    await bare.stop();
    await fakes.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
