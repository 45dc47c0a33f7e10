import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares the X-Telegram-Bot-Api-Secret-Token header with the configured secret in constant
 * time. Both sides are hashed first, so neither the content nor the length of the secret leaks
 * through timing.
 */
export function secretTokenMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(header), digest(secret));
}
