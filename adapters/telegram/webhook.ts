import type { Update } from 'grammy/types';
import type { DeliveryResult } from '../../src/core/delivery.ts';
import { UnauthorizedError } from '../../src/errors.ts';
import { readBody } from '../../src/http/body.ts';
import type { Route } from '../../src/http/router.ts';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../adapter.ts';
import { webhookStatus } from '../timing.ts';
import { secretTokenMatches } from './secret.ts';
import { parseUpdate } from './update-schema.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
/**
 * Telegram redelivers an update it got no answer for. Answering after this long (the update goes
 * on being handled) keeps a slow API call from turning into a second delivery.
 */
const ANSWER_WITHIN_MS = 8_000;

interface WebhookDeps {
  secret: string;
  handleUpdate: (update: Update) => Promise<DeliveryResult>;
}

/**
 * POST /telegram/webhook: secret first (nothing is read for a forged request), then the body
 * under a size limit, then its shape. Errors are thrown and mapped to statuses by the server. The
 * answer says whether Telegram should deliver the update again (see webhookStatus).
 */
export function telegramWebhookRoute({ secret, handleUpdate }: WebhookDeps): Route {
  return {
    method: 'POST',
    path: TELEGRAM_WEBHOOK_PATH,
    async handler(req, res) {
      if (!secretTokenMatches(req.headers['x-telegram-bot-api-secret-token'], secret)) {
        throw new UnauthorizedError('wrong or missing secret token');
      }
      const update = parseUpdate(await readBody(req, WEBHOOK_BODY_LIMIT_BYTES));
      const status = await webhookStatus(
        handleUpdate(update).then((r) => [r]),
        ANSWER_WITHIN_MS,
      );
      res.writeHead(status, { 'content-length': 0 }).end();
    },
  };
}
