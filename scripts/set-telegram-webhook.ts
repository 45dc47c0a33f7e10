/**
 * Registers the bot's webhook with Telegram: `npx tsx scripts/set-telegram-webhook.ts [URL]`.
 * URL defaults to PUBLIC_URL + /telegram/webhook. Reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET
 * and TELEGRAM_API_ROOT like the server does; `--delete` removes the webhook (back to polling).
 * Prints what Telegram reports afterwards, never the token or the secret.
 */
import { Api } from 'grammy';
import { ALLOWED_UPDATES } from '../adapters/telegram/adapter.ts';
import { TELEGRAM_WEBHOOK_PATH } from '../adapters/telegram/webhook.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError, describeError } from '../src/errors.ts';

/** The update kinds the adapter handles; Telegram sends nothing else. */

async function main(args: string[]): Promise<void> {
  const config = loadConfig();
  if (!config.TELEGRAM_BOT_TOKEN) throw new ConfigError('TELEGRAM_BOT_TOKEN: required');
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });

  if (args.includes('--delete')) {
    await api.deleteWebhook();
    console.log('webhook deleted; the server polls when TELEGRAM_WEBHOOK_SECRET is unset');
    return;
  }
  if (!config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET: required, the server refuses webhook calls without it');
  }
  const given = args.find((a) => !a.startsWith('--'));
  // Appended, not resolved: a PUBLIC_URL with a path (a proxy's prefix) keeps it, as the /due
  // calendar link does.
  const url =
    given ?? (config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}` : null);
  if (!url) throw new ConfigError('give the webhook URL as an argument, or set PUBLIC_URL');
  if (!url.startsWith('https://')) console.warn('warning: Telegram only calls https:// webhooks');

  await api.setWebhook(url, {
    secret_token: config.TELEGRAM_WEBHOOK_SECRET,
    allowed_updates: ALLOWED_UPDATES,
  });
  const info = await api.getWebhookInfo();
  console.log(
    JSON.stringify(
      {
        url: info.url,
        pending_update_count: info.pending_update_count,
        allowed_updates: info.allowed_updates ?? null,
        last_error_message: info.last_error_message ?? null,
      },
      null,
      2,
    ),
  );
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const { code, message } = describeError(e);
  console.error(`set-telegram-webhook: ${code}: ${message}`);
  process.exit(1);
});
