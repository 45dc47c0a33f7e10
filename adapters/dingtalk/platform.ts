import type { Platform } from '../adapter.ts';
import { createDingtalkAdapter } from './adapter.ts';

/** DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET turn DingTalk on (config.ts refuses one alone). */
export const dingtalk: Platform = {
  name: 'dingtalk',
  fromConfig(config, deps) {
    if (!config.DINGTALK_CLIENT_ID || !config.DINGTALK_CLIENT_SECRET)
      return { off: 'DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set' };
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
