import { mkdtemp, rm } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Adapter, AdapterDeps } from '../../adapters/adapter.ts';
import { Bot } from '../../src/core/bot.ts';
import { ManualClock, systemClock } from '../../src/core/clock.ts';
import { DeliveryCore } from '../../src/core/delivery.ts';
import { textReply } from '../../src/core/types.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { Router } from '../../src/http/router.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';

/** A question that makes the (real) engine throw, to prove one bad update does not stop the bot. */
export const EXPLODING_QUESTION = '触发一个内部错误';
/** A message whose reply is longer than any platform's limit, with markup characters in it. */
export const LONG_REPLY_QUESTION = '给我一份很长的清单';

/** Lines of the long reply: each carries "<", ">" and "&" so escaping is tested at every split. */
export const longReplyText = (): string =>
  Array.from({ length: 400 }, (_, i) => `${i + 1}. 任务<${i}> & 节点>${'办'.repeat(20)}`).join('\n');

const sharedEngine = (() => {
  let engine: Engine | null = null;
  return () => (engine ??= createEngine(loadPlan(), loadAliases()));
})();

export interface App {
  deps: AdapterDeps;
  engine: Engine;
  clock: ManualClock;
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log output, to check nothing secret is in it. */
  logText: () => string;
  close: () => Promise<void>;
}

/**
 * The real core around an adapter: the real engine and plan, the embedded store in a temporary
 * DATA_DIR, a settable clock. Two test-only inputs are plugged in the way subscription commands
 * are (bot.use): one throws inside the engine, one produces a reply longer than any message limit.
 */
export async function createApp(options: { rateLimitPerMinute?: number } = {}): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'workplan-adapters-'));
  const store = await EmbeddedStore.open(dir, { clock: systemClock });
  const clock = new ManualClock('2022-09-20T09:00:00+08:00');
  const engine = sharedEngine();
  const logs: Record<string, unknown>[] = [];
  let raw = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: 'debug', base: undefined }, sink);
  const exploding: Engine = {
    answer: (question, options) => {
      if (question.includes(EXPLODING_QUESTION)) throw new Error('engine exploded on purpose');
      return engine.answer(question, options);
    },
    lookup: (text) => engine.lookup(text),
  };
  const bot = new Bot({
    engine: exploding,
    store,
    clock,
    logger,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
  });
  bot.use(async (message, next) =>
    message.text.includes(LONG_REPLY_QUESTION) ? textReply(longReplyText()) : next(),
  );
  return {
    deps: { bot, delivery: new DeliveryCore({ bot, ledger: store, logger }), engine, clock, store, logger },
    engine,
    clock,
    logs,
    logText: () => raw,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The adapter's routes on the app's real HTTP server, on loopback. */
export async function serve(
  adapter: Adapter,
  app: App,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createHttpServer(new Router().add(...adapter.routes()), app.deps.logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface HttpResult {
  status: number;
  body: string;
}

/**
 * A plain HTTP POST. Unlike fetch it tolerates a server that answers (413, 401) before it has read
 * the whole body and closes the connection.
 */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    // A server that refuses early may reset the connection while we are still writing: the
    // answer it sent first is what counts; without one, the request failed.
    let failure: Error | null = null;
    req.on('error', (e) => (failure = e));
    req.on('close', () => {
      if (!responded) reject(failure ?? new Error('connection closed without a response'));
    });
    req.end(payload);
  });
}

/**
 * Declares a body of `declaredBytes` and streams zeros until the server answers, the way a forged
 * webhook with a 100 MB body would. Returns the answer and how much had been written by then: a
 * server that refuses before reading answers after the first chunks, not after 100 MB.
 */
export function postHuge(
  url: string,
  declaredBytes: number,
  headers: Record<string, string> = {},
): Promise<HttpResult & { connection: string | undefined; written: number }> {
  const chunk = Buffer.alloc(64 * 1024);
  return new Promise((resolve, reject) => {
    let written = 0;
    let done = false;
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': declaredBytes, ...headers },
      },
      (res) => {
        done = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            connection: res.headers.connection,
            written,
          });
          req.destroy();
        });
      },
    );
    req.on('error', (e) => {
      if (!done) reject(e);
    });
    const pump = () => {
      while (!done && written + chunk.length <= declaredBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}
