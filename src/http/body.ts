import type { IncomingMessage } from 'node:http';
import { BadInputError, PayloadTooLargeError } from '../errors.ts';

/**
 * Reads a request body into a Buffer, refusing it as soon as it passes `limitBytes`
 * (a declared Content-Length over the limit is refused before a byte is read).
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // drain so the socket can answer
    return Promise.reject(new PayloadTooLargeError(limitBytes));
  }
  // Plain 'data'/'end' listeners: an async iterator costs a promise and a microtask per chunk, and
  // nearly every body here is one chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        req.resume();
        reject(new PayloadTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    let ended = false;
    req.once('end', () => {
      ended = true;
      if (size <= limitBytes) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A client that goes away mid-body: 'end' never comes, 'close' does. (An Error is built only
    // then: capturing its stack on every request cost ~2% of the CPU.)
    req.once('close', () => {
      if (!ended) reject(new BadInputError('the request body was cut short'));
    });
  });
}

/** A request body as JSON, or BadInputError (400) saying why not; the caller validates the shape. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadInputError(`body is not valid JSON (${(e as Error).message})`, { cause: e });
  }
}
