import type { DeliveryResult } from '../../src/core/delivery.ts';
import { UnauthorizedError } from '../../src/errors.ts';
import { readBody } from '../../src/http/body.ts';
import { sendJson, type Route } from '../../src/http/router.ts';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../adapter.ts';
import { webhookStatus } from '../timing.ts';
import { parseRobotMessage, type RobotMessage } from './message.ts';
import { checkDingtalkSignature } from './signature.ts';

export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';
/** DingTalk waits a few seconds for the callback's answer; the reply goes through the session webhook. */
const ANSWER_WITHIN_MS = 2_000;

interface CallbackDeps {
  appSecret: string;
  handleMessage: (message: RobotMessage) => Promise<DeliveryResult>;
  /** Real time in epoch ms, for the timestamp window. */
  now: () => number;
}

/**
 * POST /dingtalk/callback (HTTP mode). The `timestamp` and `sign` headers are checked before the
 * body is read, so a forged or stale request costs nothing and sends nothing (401; the server logs
 * the reason, never the secret or the sign). Then: over 1 MB → 413 as soon as it passes the limit;
 * not a robot message → 400. The answer is an empty JSON object (200; 500 when nothing reached the
 * user, 503 when another instance holds the message, so DingTalk delivers it again): replies go
 * through the session webhook, or the proactive APIs once it has expired.
 */
export function dingtalkCallbackRoute({ appSecret, handleMessage, now }: CallbackDeps): Route {
  return {
    method: 'POST',
    path: DINGTALK_CALLBACK_PATH,
    async handler(req, res) {
      const check = checkDingtalkSignature(
        { timestamp: req.headers['timestamp'], sign: req.headers['sign'] },
        appSecret,
        now(),
      );
      // The server logs the refusal once, with this reason (never the secret or the sign).
      if (!check.ok) throw new UnauthorizedError(`DingTalk callback: ${check.reason}`);
      const message = parseRobotMessage(await readBody(req, WEBHOOK_BODY_LIMIT_BYTES));
      const status = await webhookStatus(
        handleMessage(message).then((r) => [r]),
        ANSWER_WITHIN_MS,
      );
      sendJson(res, status, {});
    },
  };
}
