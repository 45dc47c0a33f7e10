import { hash } from 'node:crypto';
import pino from 'pino';
import { metrics } from './metrics.ts';

export type Logger = pino.Logger;

/** Log lines are written once this many bytes wait (sonic-boom `minLength`)... */
const LOG_WRITE_BYTES = 4096;
/** ...or this often (ms, sonic-boom `periodicFlush`), so a quiet server's last line shows at once. */
const LOG_FLUSH_MS = 250;
/**
 * Bytes that may wait while stdout does not take them (a stalled pipe, a full disk); lines past it
 * are dropped and counted (`workplan_log_lines_dropped_total`), rather than grow the heap until the
 * server dies.
 */
const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Structured JSON logs on stdout. Never pass tokens, secrets or raw payloads in.
 *
 * Written asynchronously (sonic-boom, `sync: false`) in writes of about 4 KiB: a write(2) per line,
 * each on libuv's pool, cost a few percent of a request's CPU. pino flushes what is buffered when
 * the process exits (a signal, an uncaught error); only a kill -9 can lose the last quarter second.
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
    level === 'silent' ? undefined : bufferedStdout(),
  );
}

function bufferedStdout(): pino.DestinationStream {
  const stream = pino.destination({
    dest: 1,
    sync: false,
    minLength: LOG_WRITE_BYTES,
    periodicFlush: LOG_FLUSH_MS,
    maxLength: LOG_BUFFER_MAX_BYTES,
  });
  stream.on('drop', () => metrics.inc('workplan_log_lines_dropped_total'));
  return stream;
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
