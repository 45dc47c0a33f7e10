import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => Promise<void>;

/** A route an adapter or feature contributes to the one HTTP server. `:name` segments are params. */
export interface Route {
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  path: string;
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

export class Router {
  /** Routes without `:params`, by path: most requests (the API, the page, every asset) are found here. */
  private readonly exact = new Map<string, Route[]>();
  private readonly parameterised: Route[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      if (route.path.includes('/:')) this.parameterised.push(route);
      else this.exact.set(route.path, [...(this.exact.get(route.path) ?? []), route]);
    }
    return this;
  }

  /**
   * The route for a request, or why there is none. An exact path wins over a pattern; among routes
   * of one kind the first added wins, as before.
   */
  match(method: string, pathname: string): RouteMatch {
    const allow = new Set<string>();
    for (const route of this.exact.get(pathname) ?? []) {
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { kind: 'found', handler: route.handler, params: {} };
      allow.add(route.method);
    }
    for (const route of this.parameterised) {
      const params = matchPath(route.path, pathname);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params };
      }
      allow.add(route.method);
    }
    return allow.size > 0 ? { kind: 'method_not_allowed', allow: [...allow] } : { kind: 'not_found' };
  }
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body)), headers);
}

/** Writes JSON already encoded as UTF-8 (a body kept for an answer asked again: web-chat.ts). */
export function sendJsonBytes(
  res: ServerResponse,
  status: number,
  payload: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
    ...headers,
  });
  res.end(payload);
}
