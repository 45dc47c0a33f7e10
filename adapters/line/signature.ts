import { validateSignature } from '@line/bot-sdk';

/**
 * LINE signs the raw body: base64(HMAC-SHA256(channel secret, body)) in x-line-signature.
 * The check runs on the bytes as received, before anything parses them. The SDK's
 * validateSignature compares in constant time; a missing or non-string header fails here.
 */
export function lineSignatureValid(
  rawBody: Buffer,
  channelSecret: string,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  return validateSignature(rawBody, channelSecret, header);
}
