import { hash } from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout. Never pass tokens, secrets or raw payloads in.
 *
 * Written asynchronously (sonic-boom, `sync: false`): a line logged while the previous write is in
 * flight joins the next write instead of costing its own blocking write(2), which under load was
 * ~10% of a request's CPU. pino flushes what is buffered when the process exits (a signal, an
 * uncaught error); only a kill -9 can lose the last few lines.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['token', 'secret', '*.token', '*.secret', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    level === 'silent' ? undefined : pino.destination({ dest: 1, sync: false }),
  );
}

/** Recent ids and their hashes: a conversation asks many questions, each logged. */
const hashes = new Map<string, string>();
const HASHES_KEPT = 4096;

/**
 * Conversation ids are logged hashed (SHA-256, first 12 hex digits), so logs can correlate turns
 * without naming a chat. Remembered for the last 4096 ids, since a conversation's turns repeat it.
 */
export function hashId(id: string): string {
  let hashed = hashes.get(id);
  if (hashed === undefined) {
    hashed = hash('sha256', id, 'hex').slice(0, 12);
    if (hashes.size >= HASHES_KEPT) hashes.delete(hashes.keys().next().value as string);
    hashes.set(id, hashed);
  }
  return hashed;
}
