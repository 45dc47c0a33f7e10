import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody } from '../../src/http/body.ts';
import { sendJson, Router } from '../../src/http/router.ts';
import { closeServer, createHttpServer, REQUEST_TIMEOUT_MS } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';

/** The app's server with one route that reads a body, as the webhooks and /api/ask do. */
async function start() {
  const router = new Router().add(
    {
      method: 'POST',
      path: '/upload',
      handler: async (req, res) => {
        const body = await readBody(req, 1 << 20);
        sendJson(res, 200, { bytes: body.length });
      },
    },
    { method: 'GET', path: '/ping', handler: async (_req, res) => sendJson(res, 200, { ok: true }) },
  );
  const server = createHttpServer(router, createLogger('silent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const sockets: Socket[] = [];
function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  return once(socket, 'connect').then(() => socket);
}
const closed = (socket: Socket) => (socket.closed ? Promise.resolve() : once(socket, 'close'));

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

describe('shutting the HTTP server down', () => {
  it('does not give a request 300 s to arrive', async () => {
    const { server } = await start();
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(server.requestTimeout).toBeLessThan(300_000);
    await closeServer(server, 0);
  });

  it('closes a slow upload once the grace period is over, instead of waiting for its body', async () => {
    const { server, port } = await start();
    const upload = await open(port);
    // Headers promise 100 kB; only a few bytes ever come.
    upload.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc');
    await new Promise((r) => setTimeout(r, 50));
    await closeServer(server, 100);
    await closed(upload);
    expect(upload.destroyed).toBe(true);
  });

  it('closes idle keep-alive connections at once and lets a request in progress finish', async () => {
    const { server, port } = await start();
    const idle = await open(port);
    idle.write('GET /ping HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(idle, 'data'); // answered; the connection stays open, idle
    const busy = await open(port);
    busy.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc');
    await new Promise((r) => setTimeout(r, 50));

    const closing = closeServer(server, 60_000);
    await closed(idle);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      busy.on('data', (d: Buffer) => (text += d.toString()));
      busy.on('close', () => resolve(text));
    });
    busy.write('def');
    expect(await answer).toContain('{"bytes":6}');
    await closing;
  });
});
