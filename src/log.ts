import { createHash } from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs. Never pass tokens, secrets or raw payloads in. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['token', 'secret', '*.token', '*.secret', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}

/** Conversation ids are logged hashed, so logs can correlate turns without naming a chat. */
export const hashId = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 12);
