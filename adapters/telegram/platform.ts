import type { Platform } from '../adapter.ts';

/** TELEGRAM_BOT_TOKEN turns Telegram on; with TELEGRAM_WEBHOOK_SECRET by webhook, else by polling. */
export const telegram: Platform = {
  name: 'telegram',
  async fromConfig(config, deps) {
    if (!config.TELEGRAM_BOT_TOKEN) return { off: 'TELEGRAM_BOT_TOKEN is not set' };
    const { createTelegramAdapter } = await import('./adapter.ts');
    return createTelegramAdapter(
      {
        token: config.TELEGRAM_BOT_TOKEN,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        apiRoot: config.TELEGRAM_API_ROOT,
      },
      deps,
    );
  },
};
