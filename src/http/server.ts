import { createServer, type Server } from 'node:http';
import type { Logger } from '../log.ts';
import { AppError, describeError } from '../errors.ts';
import { sendJson, type Router } from './router.ts';

const STATUS_BY_CODE: Partial<Record<AppError['code'], number>> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
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
      // A forged or foreign request: why, for the operator; the reason is ours, never a secret.
      if (status === 401 || status === 403)
        logger.warn({ path: url.pathname, status, reason: describeError(e).message }, 'request refused');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { code, message } = describeError(e);
      sendJson(
        res,
        status,
        status >= 500 ? { error: 'internal', message: 'internal error' } : { error: code, message },
        // A refused request's body is not read (a forged webhook may send 100 MB): close the
        // connection after the answer, or the server would read the rest to reuse it.
        status === 413 || status === 401 || status === 403 ? { connection: 'close' } : {},
      );
    });
  });
  // Keep-alive sockets must not hold shutdown hostage.
  server.keepAliveTimeout = 5_000;
  return server;
}
