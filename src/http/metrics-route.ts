import { metrics as processMetrics, type Metrics } from '../metrics.ts';
import type { Route } from './router.ts';

/** GET /metrics in the Prometheus text exposition format (version 0.0.4). */
export function metricsRoute(registry: Metrics = processMetrics): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (_req, res) => {
      const body = registry.render();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(body);
    },
  };
}
