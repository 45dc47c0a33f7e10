import { createHash } from 'node:crypto';

/**
 * A UUID that is always the same for the same key (name-based, RFC 4122 version 5 layout over a
 * SHA-1 of the key). A retried push carries the same one, so a platform that de-duplicates by it
 * (LINE's X-Line-Retry-Key, which must be a UUID) drops a copy it already delivered.
 */
export function uuidFromKey(key: string): string {
  const bytes = createHash('sha1').update(`workplan-bot:${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
