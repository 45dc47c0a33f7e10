import type { IncomingMessage } from 'node:http';
import { peerIsTrustedProxy, type TrustProxy } from './client-address.ts';

/** A path prefix as a proxy names it: "/workplan", "/a/b-c"; no dots-only segments, no query. */
const PREFIX = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._~%!$&'()*+;=:@-]+)*\/?$/;
/** A host with an optional port: a name, an IPv4 address or a bracketed IPv6 address. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/**
 * The address a user reached the bot at, for the absolute links it writes (the calendar feed), with
 * no trailing slash: "https://gov.example/workplan".
 *
 * - Through a proxy TRUST_PROXY trusts that sends `X-Forwarded-Prefix` (nginx:
 *   `proxy_set_header X-Forwarded-Prefix /workplan;`): that prefix, after PUBLIC_URL's origin when
 *   PUBLIC_URL is set, else after `X-Forwarded-Proto` (http or https; default http) and
 *   `X-Forwarded-Host` or `Host`. So one server behind two prefixes links each user to their own.
 * - Otherwise, or when a header is malformed: PUBLIC_URL, or null when it is unset (no link).
 * Without TRUST_PROXY the headers are ignored, as X-Forwarded-For is: a client cannot pick them.
 */
export function publicUrlFor(
  req: IncomingMessage,
  trust: TrustProxy,
  publicUrl: string | null,
): string | null {
  const fallback = publicUrl ? publicUrl.replace(/\/+$/, '') : null;
  if (!peerIsTrustedProxy(req, trust)) return fallback;
  // One prefix, whole: a list ("/a, /b") is not one this server can be reached under.
  const raw = req.headers['x-forwarded-prefix'];
  const prefix = Array.isArray(raw) ? undefined : raw?.trim();
  if (prefix === undefined || !PREFIX.test(prefix)) return fallback;
  let origin: string;
  if (publicUrl) origin = new URL(publicUrl).origin;
  else {
    const proto = first(req.headers['x-forwarded-proto'])?.toLowerCase() ?? 'http';
    const host = first(req.headers['x-forwarded-host']) ?? req.headers.host;
    if ((proto !== 'http' && proto !== 'https') || host === undefined || !HOST.test(host)) return fallback;
    origin = `${proto}://${host}`;
  }
  return `${origin}${prefix.replace(/\/+$/, '')}`;
}
