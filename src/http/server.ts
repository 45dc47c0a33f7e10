import { createServer, type Server } from 'node:http';
import type { Logger } from '../log.ts';
import { AppError, describeError } from '../errors.ts';
import { sendJson, type Router } from './router.ts';

const STATUS_BY_CODE: Partial<Record<AppError['code'], number>> = {
  bad_input: 400,
  unauthorized: 401,
  payload_too_large: 413,
  store_unavailable: 503,
};

/** The one HTTP server: routes come from the adapters and features; errors are mapped here once. */
export function createHttpServer(router: Router, logger: Logger): Server {
  const server = createServer((req, res) => {
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    // An absolute-form target such as "http://[" reaches us unparsed; it is the client's mistake.
    if (!url) return sendJson(res, 400, { error: 'bad_input', message: 'the request target is not a URL' });
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not_found')
      return sendJson(res, 404, { error: 'not_found', message: 'no such path' });
    if (match.kind === 'method_not_allowed') {
      return sendJson(
        res,
        405,
        { error: 'method_not_allowed', message: `use ${match.allow.join(' or ')}` },
        { allow: match.allow.join(', ') },
      );
    }
    match.handler(req, res, match.params).catch((e: unknown) => {
      const status = e instanceof AppError ? (STATUS_BY_CODE[e.code] ?? 500) : 500;
      if (status >= 500) logger.error({ err: describeError(e), path: url.pathname }, 'request failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { code, message } = describeError(e);
      sendJson(
        res,
        status,
        status >= 500 ? { error: 'internal', message: 'internal error' } : { error: code, message },
        status === 413 ? { connection: 'close' } : {},
      );
    });
  });
  // Keep-alive sockets must not hold shutdown hostage.
  server.keepAliveTimeout = 5_000;
  // Node's default lets a request take 300 s to arrive, so one slow upload could hold a socket (and
  // shutdown) that long. Every body here is small (the largest limit is a webhook's few MiB).
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}

/** The whole request, headers and body, must arrive within this (node:http requestTimeout). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The headers must arrive within this (node:http headersTimeout). */
export const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Graceful close with a deadline: stops accepting, closes idle keep-alive sockets at once (and
 * those that go idle later, as responses finish), lets requests in progress run for `graceMs`, then
 * destroys every connection left (a slow upload, a hung client). Resolves when the server is closed;
 * never rejects (closing a server that is not listening is not a shutdown failure).
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
