import type { IncomingMessage as HttpRequest } from 'node:http';
import { BadInputError, ForbiddenError, UnauthorizedError } from '../../src/errors.ts';
import { readBody } from '../../src/http/body.ts';
import type { Route } from '../../src/http/router.ts';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../adapter.ts';
import { encryptedPart, parseMessage, type WecomMessage } from './callback-xml.ts';
import { WecomCrypto, WecomCryptoError } from './crypto.ts';

export const WECOM_CALLBACK_PATH = '/wecom/callback';
/** A callback signed further from now than this is refused: a replay, or a clock far off. */
export const MAX_CLOCK_SKEW_MS = 60 * 60_000;

export interface CallbackDeps {
  crypto: WecomCrypto;
  corpId: string;
  /** Handles a verified message after the callback was answered; never awaited by the route. */
  receive: (message: WecomMessage) => void;
  /** Milliseconds since the epoch (the real clock, not the plan clock). */
  now?: () => number;
}

interface Signed {
  signature: string;
  timestamp: string;
  nonce: string;
}

/**
 * The signed query WeCom puts on every callback, or UnauthorizedError: refused before the body is
 * read. A timestamp more than an hour away is refused too (a replayed request).
 */
function signedQuery(req: HttpRequest, now: number): Signed & { params: URLSearchParams } {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const signature = params.get('msg_signature');
  const timestamp = params.get('timestamp');
  const nonce = params.get('nonce');
  if (!signature || !timestamp || !nonce)
    throw new UnauthorizedError('missing msg_signature, timestamp or nonce');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS)
    throw new UnauthorizedError('stale or malformed timestamp');
  return { signature, timestamp, nonce, params };
}

/**
 * GET|POST /wecom/callback, as 接收消息与事件 → 回调配置 and 加解密方案说明 describe
 * (developer.work.weixin.qq.com/document/path/90930, 90968):
 * - GET verifies the URL: msg_signature over echostr, then echostr decrypted and answered as plain
 *   text (only when it was encrypted for our CorpID).
 * - POST carries an encrypted XML message: the signature is checked over <Encrypt> before anything
 *   is decrypted, the CorpID after. The callback is answered at once with an empty 200, which is
 *   what stops WeCom's retries (it waits 5 s, then retries 3 times); the answer goes out through
 *   message/send. Refusals send nothing: 401 forged or stale, 403 another CorpID, 400 malformed,
 *   413 too big (before it is read); the server logs why (never a secret or the payload).
 */
export function wecomCallbackRoutes(deps: CallbackDeps): Route[] {
  const { crypto, corpId } = deps;
  const now = () => deps.now?.() ?? Date.now();

  /** Decrypts what was signed, or refuses: the CorpID it was encrypted for must be ours. */
  function open(encrypted: string): string {
    let plain: { message: string; receiveId: string };
    try {
      plain = crypto.decrypt(encrypted);
    } catch (e) {
      if (e instanceof WecomCryptoError) throw new BadInputError(e.message, { cause: e });
      throw e;
    }
    if (plain.receiveId !== corpId) throw new ForbiddenError('encrypted for another CorpID');
    return plain.message;
  }

  return [
    {
      method: 'GET',
      path: WECOM_CALLBACK_PATH,
      async handler(req, res) {
        const { signature, timestamp, nonce, params } = signedQuery(req, now());
        const echostr = params.get('echostr');
        if (!echostr) throw new BadInputError('missing echostr');
        if (!crypto.verify(signature, timestamp, nonce, echostr))
          throw new UnauthorizedError('bad msg_signature');
        const plain = Buffer.from(open(echostr), 'utf8');
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': plain.length });
        res.end(plain);
      },
    },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      async handler(req, res) {
        const { signature, timestamp, nonce } = signedQuery(req, now());
        const encrypted = encryptedPart(await readBody(req, WEBHOOK_BODY_LIMIT_BYTES));
        if (!crypto.verify(signature, timestamp, nonce, encrypted))
          throw new UnauthorizedError('bad msg_signature');
        const message = parseMessage(open(encrypted));
        res.writeHead(200, { 'content-length': 0 }).end();
        deps.receive(message);
      },
    },
  ];
}
