import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { metrics as processMetrics, type Metrics } from '../metrics.ts';
import { sendJson, type Route } from './router.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * The process's memory at the scrape, by prom-client's standard names: where RSS goes (the V8 heap,
 * memory held outside it by Buffers and native addons' objects) without a heap snapshot.
 */
function memoryGauges(): string {
  const m = process.memoryUsage();
  const gauge = (name: string, help: string, value: number) =>
    `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
  return (
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', m.rss) +
    gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved, in bytes.', m.heapTotal) +
    gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes.', m.heapUsed) +
    gauge(
      'nodejs_external_memory_bytes',
      'Memory of JS objects held outside the V8 heap, in bytes.',
      m.external,
    )
  );
}

/** Compares hashes of both sides in constant time, so the reply's timing says nothing of the token. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}

/**
 * GET /metrics in the Prometheus text exposition format (version 0.0.4). With `token`
 * (METRICS_TOKEN), a scrape must send `Authorization: Bearer <token>` (RFC 6750), else 401.
 */
export function metricsRoute(registry: Metrics = processMetrics, token?: string): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (req, res) => {
      if (token && !bearerMatches(req, token)) {
        return sendJson(
          res,
          401,
          { error: 'unauthorized', message: 'send Authorization: Bearer <METRICS_TOKEN>' },
          { 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' },
        );
      }
      const body = registry.render() + memoryGauges();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(body);
    },
  };
}
