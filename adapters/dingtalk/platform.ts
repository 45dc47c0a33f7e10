import type { Platform } from '../adapter.ts';

/** DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET turn DingTalk on (config.ts refuses one alone). */
export const dingtalk: Platform = {
  name: 'dingtalk',
  async fromConfig(config, deps) {
    if (!config.DINGTALK_CLIENT_ID || !config.DINGTALK_CLIENT_SECRET)
      return { off: 'DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set' };
    // dingtalk-stream (and its axios and ws) is loaded only when DingTalk is configured.
    const { createDingtalkAdapter } = await import('./adapter.ts');
    return createDingtalkAdapter(
      {
        clientId: config.DINGTALK_CLIENT_ID,
        clientSecret: config.DINGTALK_CLIENT_SECRET,
        robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID,
        mode: config.DINGTALK_MODE,
        apiBaseUrl: config.DINGTALK_API_BASE_URL,
      },
      deps,
    );
  },
};
