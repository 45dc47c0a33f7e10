import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the server may say who the client is (TRUST_PROXY).
 * - `none`: the connecting address is the client; forwarding headers are ignored, so cannot be spoofed.
 * - `hops`: exactly this many proxies stand in front (nginx alone: 1). Safe only when the server
 *   cannot be reached except through them.
 * - `list`: proxies at these addresses (CIDRs) are trusted, wherever they are in the chain.
 */
export type TrustProxy =
  { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList; text: string };

/** Named ranges, as proxies are usually described (the same names as Express's "trust proxy"). */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Reads TRUST_PROXY: unset, "" or "0" → none; a whole number → that many hops; otherwise a comma-
 * separated list of addresses, CIDRs ("10.0.0.0/8", "::1/128") and the names loopback, linklocal,
 * uniquelocal. Throws an Error saying which entry is wrong.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text.toLowerCase() === 'false') return { kind: 'none' };
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  const list = new BlockList();
  for (const entry of text.split(',').map((e) => e.trim())) {
    for (const range of NAMED_RANGES[entry.toLowerCase()] ?? [entry]) {
      const [address = '', prefix] = range.split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
      if (!family || !/^\d{0,3}$/.test(prefix ?? '') || bits > (family === 6 ? 128 : 32))
        throw new Error(
          `"${entry}" is not a hop count, an address, a CIDR like 10.0.0.0/8 or one of loopback, linklocal, uniquelocal`,
        );
      list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
    }
  }
  return { kind: 'list', list, text };
}

/** "::ffff:10.0.0.1" → "10.0.0.1": one client, one key, whichever socket family it came on. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** An address as a forwarding header writes it, without port, brackets or quotes; null if not one. */
function headerAddress(raw: string): string | null {
  let a = raw.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  return isIP(a) ? plain(a) : null;
}

/** The `for=` of each element of an RFC 7239 Forwarded header, first (farthest) to last. */
function forwardedFor(header: string): (string | null)[] {
  return header.split(',').map((element) => {
    const pair = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('for='));
    return pair ? headerAddress(pair.slice(4)) : null;
  });
}

/**
 * The forwarded chain, farthest first: what the trusted proxies said, from X-Forwarded-For or
 * RFC 7239 Forwarded. When a request carries both, one was written by the client (a proxy writes
 * one kind, and passes the other on untouched), and nothing says which: neither is believed.
 */
function forwardedChain(req: IncomingMessage): (string | null)[] {
  const xff = req.headers['x-forwarded-for'];
  const fwd = req.headers.forwarded;
  if (xff !== undefined && fwd !== undefined) return [];
  if (xff !== undefined) return String(xff).split(',').map(headerAddress);
  if (fwd !== undefined) return forwardedFor(fwd);
  return [];
}

/**
 * The client's address for per-address limits: the connecting address, or, through trusted proxies
 * only, the address the nearest trusted proxy saw. An entry that is not an address (garbage, "unknown",
 * an obfuscated RFC 7239 name) ends the walk at the hop that wrote it.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  if (trust.kind === 'none') return peer;
  const chain = [...forwardedChain(req), peer];
  if (trust.kind === 'hops') {
    let at = chain.length - 1;
    for (let hop = 0; hop < trust.hops && at > 0; hop += 1) {
      if (chain[at - 1] === null) break;
      at -= 1;
    }
    return chain[at] as string;
  }
  let at = chain.length - 1;
  while (at > 0 && isTrusted(trust.list, chain[at] as string) && chain[at - 1] !== null) at -= 1;
  return chain[at] as string;
}

/**
 * Whether the connecting peer is a proxy TRUST_PROXY trusts, so that what it adds to the request
 * (X-Forwarded-Prefix, say) may be believed: never with `none`; with a hop count, the peer is the
 * nearest of those hops; with a list, the peer's address must be in it.
 */
export function peerIsTrustedProxy(req: IncomingMessage, trust: TrustProxy): boolean {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'hops') return trust.hops > 0;
  return isTrusted(trust.list, plain(req.socket.remoteAddress ?? ''));
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
