import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny reverse proxy on loopback, configured as the README's nginx example is:
 * `location /workplan/ { proxy_pass http://upstream/; }` strips the prefix, adds X-Forwarded-For,
 * X-Forwarded-Proto and X-Forwarded-Prefix, and `/workplan` redirects to `/workplan/`.
 * Anything outside the prefix is a 404, so a page asking for `/app.js` or `/api/…` breaks visibly.
 */
export async function startPrefixProxy(
  upstream: string,
  prefix: string,
): Promise<{ base: string; seen: string[]; close(): Promise<void> }> {
  const target = new URL(upstream);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push(path);
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('outside the proxied prefix');
      return;
    }
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const upstreamReq = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `/${path.slice(prefix.length)}`,
        headers: {
          ...req.headers,
          host: target.host,
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'http',
          'x-forwarded-prefix': prefix.slice(0, -1),
        },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.writeHead(502).end());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
