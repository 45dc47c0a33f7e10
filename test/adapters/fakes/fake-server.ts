import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Recorder } from './recorder.ts';

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A fake platform API on loopback. Subclasses answer requests in their platform's terms; what a
 * route is (a LINE path, a Bot API method) and how a canned failure is answered is theirs too.
 */
export abstract class FakeServer<Call, Failure> extends Recorder<Call> {
  private server: Server | null = null;
  private readonly failures = new Map<string, Failure[]>();

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
        })
        .catch((e: unknown) => res.writeHead(500).end(String(e)));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next `times` calls to `route` fail like this, then it works again. */
  failNext(route: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(route, queue);
  }

  /** The failure queued for this call to `route`, if any; it is used up. */
  protected takeFailure(route: string): Failure | undefined {
    return this.failures.get(route)?.shift();
  }

  protected abstract handle(req: IncomingMessage): Promise<FakeResponse>;
}

/** The request's JSON body; an empty body reads as {}. */
export async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return (text ? JSON.parse(text) : {}) as T;
}
