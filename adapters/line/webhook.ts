import type { DeliveryResult } from '../../src/core/delivery.ts';
import { UnauthorizedError } from '../../src/errors.ts';
import { readBody } from '../../src/http/body.ts';
import { sendJsonBytes, type Route } from '../../src/http/router.ts';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../adapter.ts';
import { webhookStatus } from '../timing.ts';
import { parseWebhookBody, type LineEvent } from './event-schema.ts';
import { lineSignatureValid } from './signature.ts';

export const LINE_WEBHOOK_PATH = '/line/webhook';
/**
 * LINE counts a slow answer as a failed delivery and may redeliver. Answer by then; the events go on
 * being handled (their reply tokens live a minute).
 */
const ANSWER_WITHIN_MS = 2_000;
/** The body of every answer, `{}`, encoded once: LINE reads only the status. */
const EMPTY_BODY = Buffer.from('{}');

interface WebhookDeps {
  channelSecret: string;
  handleEvents: (events: LineEvent[]) => Promise<DeliveryResult[]>;
}

/**
 * POST /line/webhook: the signature is checked over the raw bytes before anything parses them; a
 * request without one is refused before its body is read. The console's verify request (no events)
 * gets its 200 like any other. Errors are thrown and mapped to statuses by the server.
 */
export function lineWebhookRoute({ channelSecret, handleEvents }: WebhookDeps): Route {
  return {
    method: 'POST',
    path: LINE_WEBHOOK_PATH,
    async handler(req, res) {
      const signature = req.headers['x-line-signature'];
      if (typeof signature !== 'string' || signature.length === 0) {
        throw new UnauthorizedError('missing x-line-signature');
      }
      const raw = await readBody(req, WEBHOOK_BODY_LIMIT_BYTES);
      if (!lineSignatureValid(raw, channelSecret, signature)) {
        throw new UnauthorizedError('bad x-line-signature');
      }
      const body = parseWebhookBody(raw);
      const status =
        body.events.length > 0 ? await webhookStatus(handleEvents(body.events), ANSWER_WITHIN_MS) : 200;
      sendJsonBytes(res, status, EMPTY_BODY);
    },
  };
}
