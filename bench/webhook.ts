import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters } from '../adapters/index.ts';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { FakeLineApi } from '../test/adapters/fakes/line-api.ts';
import { bareServer, load, type LoadResult } from './load.ts';

const CONCURRENCY = 16;
const WARMUP = 200;
const REQUESTS = 2000;
const ROUNDS = 2;
const USERS = 64;
const QUESTIONS = [
  '谁牵头川渝通办',
  '省大数据中心负责哪些工作',
  '年底前要完成什么',
  '4.1什么时候截止',
  '明天天气怎么样',
];

interface Signed {
  body: string;
  signature: string;
}

/** Webhook bodies as LINE sends them, signed ahead of time so the client's HMAC is not measured. */
function signedBodies(secret: string, count: number, offset: number, withEvent: boolean): Signed[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const events = withEvent
      ? [
          {
            type: 'message',
            mode: 'active',
            timestamp: 1663635600000 + i,
            webhookEventId: `01BENCH${String(i).padStart(18, '0')}`,
            deliveryContext: { isRedelivery: false },
            replyToken: `bench-reply-${i}`,
            source: { type: 'user', userId: `U${String(i % USERS).padStart(32, '0')}` },
            message: { id: String(i), type: 'text', quoteToken: 'q', text: QUESTIONS[i % QUESTIONS.length] },
          },
        ]
      : [];
    const body = JSON.stringify({ destination: 'U0bench', events });
    return { body, signature: createHmac('sha256', secret).update(body).digest('base64') };
  });
}

type Result = Pick<LoadResult, 'perSecond' | 'p99Ms' | 'errors'>;

/** Closed loop on loopback: `CONCURRENCY` keep-alive clients posting the signed bodies in turn. */
const drive = (port: number, path: string, bodies: Signed[]): Promise<Result> =>
  load({
    port,
    path,
    requests: bodies.length,
    concurrency: CONCURRENCY,
    body: (i) => (bodies[i] as Signed).body,
    headers: (i) => ({ 'x-line-signature': (bodies[i] as Signed).signature }),
  });

const NONE: Result = { perSecond: 0, p99Ms: NaN, errors: 0 };
const better = (a: Result, b: Result): Result =>
  b.perSecond > a.perSecond ? { ...b, errors: a.errors + b.errors } : { ...a, errors: a.errors + b.errors };

const describe = (r: Result) =>
  `${Math.round(r.perSecond)} req/s, p99 ${r.p99Ms.toFixed(2)} ms${r.errors ? `, ${r.errors} non-200` : ''}`;

/**
 * POST /line/webhook on the composed server, against a bare node:http handler in the same run.
 * Two shapes: the console's verify request (signature check and body validation only), and a text
 * message event handled end to end (signature, zod, de-dup in the embedded store, rate limit, the
 * engine, the context write, the reply to a fake LINE API on loopback).
 */
export async function run(log: (line: string) => void): Promise<void> {
  const lineApi = new FakeLineApi();
  const dataDir = mkdtempSync(join(tmpdir(), 'workplan-bench-webhook-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: String(1_000_000), // one client from one address: not the limiter's test
    PLAN_NOW: '2022-08-15T09:00:00+08:00',
    LINE_CHANNEL_SECRET: lineApi.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: lineApi.channelAccessToken,
    LINE_API_BASE_URL: await lineApi.start(),
  });
  const app = await startApp(config, { logger: createLogger('silent'), createAdapters });
  const bare = await bareServer();
  try {
    const secret = lineApi.channelSecret;
    await drive(app.port(), '/line/webhook', signedBodies(secret, WARMUP, 0, true));
    await drive(bare.port, '/', signedBodies(secret, WARMUP, 0, true));
    // Rounds alternate the servers so a burst of other work on the machine hits both; each figure
    // is the best of its rounds.
    const best = { bareSmall: NONE, verify: NONE, bareLarge: NONE, event: NONE };
    for (let round = 0; round < ROUNDS; round++) {
      const verify = signedBodies(secret, REQUESTS, 0, false);
      const events = signedBodies(secret, REQUESTS, WARMUP + round * REQUESTS, true);
      best.bareSmall = better(best.bareSmall, await drive(bare.port, '/', verify));
      best.verify = better(best.verify, await drive(app.port(), '/line/webhook', verify));
      best.bareLarge = better(best.bareLarge, await drive(bare.port, '/', events));
      best.event = better(best.event, await drive(app.port(), '/line/webhook', events));
    }
    const replies = lineApi.replies().length;

    log(`webhook: ${REQUESTS} requests per figure, ${CONCURRENCY} concurrent, loopback, best of ${ROUNDS}`);
    log(`webhook: LINE verify (no events)      ${describe(best.verify)}`);
    log(`webhook: bare node:http, same bodies  ${describe(best.bareSmall)}`);
    log(`webhook: LINE text event, answered    ${describe(best.event)}`);
    log(`webhook: bare node:http, same bodies  ${describe(best.bareLarge)}`);
    log(
      `webhook: ratio to bare: verify ${(best.verify.perSecond / best.bareSmall.perSecond).toFixed(3)}, ` +
        `answered event ${(best.event.perSecond / best.bareLarge.perSecond).toFixed(3)}`,
    );
    if (best.verify.errors + best.event.errors > 0) throw new Error('the LINE webhook answered non-200');
    const expected = WARMUP + ROUNDS * REQUESTS;
    if (replies !== expected) throw new Error(`expected ${expected} replies, saw ${replies}`);
  } finally {
    await bare.close();
    app.server.closeAllConnections();
    await app.stop();
    await lineApi.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
