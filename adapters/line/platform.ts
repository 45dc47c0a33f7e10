import type { Platform } from '../adapter.ts';

/** LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN turn LINE on. */
export const line: Platform = {
  name: 'line',
  async fromConfig(config, deps) {
    if (!config.LINE_CHANNEL_SECRET || !config.LINE_CHANNEL_ACCESS_TOKEN)
      return { off: 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set' };
    const { createLineAdapter } = await import('./adapter.ts');
    return createLineAdapter(
      {
        channelSecret: config.LINE_CHANNEL_SECRET,
        channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
        apiBaseUrl: config.LINE_API_BASE_URL,
        keyword: config.LINE_BOT_KEYWORD,
      },
      deps,
    );
  },
};
