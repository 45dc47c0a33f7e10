import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk signs an HTTP-mode robot callback with two headers (open.dingtalk.com, 企业内部机器人
 * "接收消息" / HTTP 模式): `timestamp`, milliseconds since the epoch, and
 * `sign` = Base64(HmacSHA256(key = AppSecret, data = timestamp + "\n" + AppSecret)).
 * A timestamp more than an hour from our clock is refused, so a captured pair cannot be replayed
 * for ever. The body itself is not signed: that is DingTalk's design, not an omission here.
 */
export const SIGNATURE_MAX_SKEW_MS = 60 * 60_000;

/** The sign DingTalk sends for `timestamp` (the raw header text, as signed). */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing headers' | 'malformed timestamp' | 'stale timestamp' | 'bad sign' };

/**
 * Checks the `timestamp` and `sign` headers against the AppSecret at `nowMs` (real time, not the
 * plan's clock). The reason names what failed and never carries the secret or the sign.
 */
export function checkDingtalkSignature(
  headers: { timestamp: string | string[] | undefined; sign: string | string[] | undefined },
  appSecret: string,
  nowMs: number,
): SignatureCheck {
  const { timestamp, sign } = headers;
  if (typeof timestamp !== 'string' || typeof sign !== 'string' || !timestamp || !sign) {
    return { ok: false, reason: 'missing headers' };
  }
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowMs - Number(timestamp)) > SIGNATURE_MAX_SKEW_MS)
    return { ok: false, reason: 'stale timestamp' };
  // Both sides hashed first: equal lengths for timingSafeEqual, and nothing leaks through timing.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const expected = dingtalkSign(timestamp, appSecret);
  return timingSafeEqual(digest(sign), digest(expected)) ? { ok: true } : { ok: false, reason: 'bad sign' };
}
