import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../src/http/body.ts';

/** A real server whose handler reads each body with readBody and reports how it went. */
async function withReader(limit: number, client: (port: number) => Promise<void>): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  const settled: Promise<void>[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    settled.push(
      readBody(req, limit).then(
        (body) => {
          outcomes.push(body.toString('utf8'));
          res.end('ok');
        },
        (e: unknown) => {
          outcomes.push(e);
          res.destroy();
        },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await client((server.address() as AddressInfo).port);
  await new Promise((r) => setTimeout(r, 100));
  await Promise.all(settled);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return outcomes;
}

const raw = (port: number, text: string, end = true) =>
  new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      if (end) setTimeout(() => socket.destroy(), 50);
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.on('data', () => socket.end());
  });

describe('readBody', () => {
  it('returns a body sent in several chunks, whole', async () => {
    const outcomes = await withReader(1024, async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: new ReadableStream({
          start(c) {
            for (const part of ['{"question":', '"谁牵头', '川渝通办"}'])
              c.enqueue(new TextEncoder().encode(part));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(await res.text()).toBe('ok');
    });
    expect(outcomes).toEqual(['{"question":"谁牵头川渝通办"}']);
  });

  it('refuses a body that passes the limit while streaming (no Content-Length)', async () => {
    const outcomes = await withReader(16, (port) =>
      raw(
        port,
        'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n' + 'x'.repeat(32) + '\r\n',
      ),
    );
    expect(outcomes).toHaveLength(1);
    expect((outcomes[0] as Error).constructor.name).toBe('PayloadTooLargeError');
  });

  it('rejects, instead of waiting for ever, when the client goes away mid-body', async () => {
    const outcomes = await withReader(1024, (port) =>
      raw(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"question":'),
    );
    expect(outcomes).toHaveLength(1);
    expect((outcomes[0] as Error).message).toMatch(/cut short|aborted/);
  });
});
