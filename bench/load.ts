import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface LoadOptions {
  port: number;
  path: string;
  /** The i-th request's JSON body. */
  body: (i: number) => string;
  /** Extra headers for the i-th request (a signature, say). */
  headers?: (i: number) => Record<string, string>;
  requests: number;
  concurrency: number;
}

function post(
  agent: Agent,
  port: number,
  path: string,
  body: string,
  extra: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Closed-loop load on loopback: `concurrency` keep-alive clients, each sending its next request as
 * soon as the last one is answered, until `requests` have been sent. Latency is per request.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (next < options.requests) {
      const i = next++;
      const started = performance.now();
      const status = await post(
        agent,
        options.port,
        options.path,
        options.body(i),
        options.headers?.(i) ?? {},
      );
      latencies.push(performance.now() - started);
      if (status !== 200) errors += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}

/** The floor every figure is compared with: node:http reading the body and answering 200 `payload`. */
export async function bareServer(payload = '{}'): Promise<{ port: number; close: () => Promise<void> }> {
  const length = Buffer.byteLength(payload);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': length }).end(payload),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
