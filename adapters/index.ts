import type { Config } from '../src/config.ts';
import type { Adapter, AdapterDeps } from './adapter.ts';

export type { Adapter, AdapterDeps } from './adapter.ts';

export interface AdapterSet {
  adapters: Adapter[];
  /** Platforms left off, and why: the start-up log and /healthz say so. */
  off: { platform: string; reason: string }[];
}

type AdapterConfig = Pick<
  Config,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'TELEGRAM_API_ROOT'
  | 'LINE_CHANNEL_SECRET'
  | 'LINE_CHANNEL_ACCESS_TOKEN'
  | 'LINE_API_BASE_URL'
  | 'LINE_BOT_KEYWORD'
>;

/**
 * Every platform whose credentials are configured. A new platform adds one entry here. Each
 * platform's module (and so its SDK) is imported only when it is configured: together the SDKs
 * cost ~38 MiB of memory and a good share of start-up, which a server without them never needs.
 */
export async function createAdapters(config: AdapterConfig, deps: AdapterDeps): Promise<AdapterSet> {
  const set: AdapterSet = { adapters: [], off: [] };

  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import('./telegram/adapter.ts');
    set.adapters.push(
      createTelegramAdapter(
        {
          token: config.TELEGRAM_BOT_TOKEN,
          webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: config.TELEGRAM_API_ROOT,
        },
        deps,
      ),
    );
  } else {
    set.off.push({ platform: 'telegram', reason: 'TELEGRAM_BOT_TOKEN is not set' });
  }

  if (config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN) {
    const { createLineAdapter } = await import('./line/adapter.ts');
    set.adapters.push(
      createLineAdapter(
        {
          channelSecret: config.LINE_CHANNEL_SECRET,
          channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
          apiBaseUrl: config.LINE_API_BASE_URL,
          keyword: config.LINE_BOT_KEYWORD,
        },
        deps,
      ),
    );
  } else {
    set.off.push({
      platform: 'line',
      reason: 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set',
    });
  }

  return set;
}
