import type { IncomingMessage } from 'node:http';
import { BadInputError, PayloadTooLargeError } from '../errors.ts';

/**
 * Reads a request body into a Buffer, refusing it as soon as it passes `limitBytes`
 * (a declared Content-Length over the limit is refused before a byte is read).
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // drain so the socket can answer
    throw new PayloadTooLargeError(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) {
      req.resume();
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
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
