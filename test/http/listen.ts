import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { createHttpServer } from '../../src/http/server.ts';
import type { Route } from '../../src/http/router.ts';
import { Router } from '../../src/http/router.ts';
import { createLogger } from '../../src/log.ts';

export interface Running {
  base: string;
  port: number;
  close(): Promise<void>;
}

/** The app's real HTTP server with the given routes, on an ephemeral loopback port. */
export async function listen(routes: Route[]): Promise<Running> {
  const server = createHttpServer(new Router().add(...routes), createLogger('silent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with the path sent byte for byte (fetch would normalise "/../" away before sending). */
export function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
