import type { Config } from '../src/config.ts';
import type { Adapter, AdapterDeps } from './adapter.ts';
import { createDingtalkAdapter } from './dingtalk/adapter.ts';
import { createLineAdapter } from './line/adapter.ts';
import { createTelegramAdapter } from './telegram/adapter.ts';
import { createWecomAdapter } from './wecom/adapter.ts';

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
  | 'WECOM_CORP_ID'
  | 'WECOM_AGENT_ID'
  | 'WECOM_SECRET'
  | 'WECOM_TOKEN'
  | 'WECOM_ENCODING_AES_KEY'
  | 'WECOM_API_BASE_URL'
  | 'WECOM_MARKDOWN'
  | 'DINGTALK_CLIENT_ID'
  | 'DINGTALK_CLIENT_SECRET'
  | 'DINGTALK_ROBOT_CODE'
  | 'DINGTALK_MODE'
  | 'DINGTALK_API_BASE_URL'
>;

/** Every platform whose credentials are configured. A new platform adds one entry here. */
export function createAdapters(config: AdapterConfig, deps: AdapterDeps): AdapterSet {
  const set: AdapterSet = { adapters: [], off: [] };

  if (config.TELEGRAM_BOT_TOKEN) {
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

  if (
    config.WECOM_CORP_ID &&
    config.WECOM_AGENT_ID &&
    config.WECOM_SECRET &&
    config.WECOM_TOKEN &&
    config.WECOM_ENCODING_AES_KEY
  ) {
    set.adapters.push(
      createWecomAdapter(
        {
          corpId: config.WECOM_CORP_ID,
          agentId: Number(config.WECOM_AGENT_ID),
          secret: config.WECOM_SECRET,
          token: config.WECOM_TOKEN,
          encodingAesKey: config.WECOM_ENCODING_AES_KEY,
          apiBaseUrl: config.WECOM_API_BASE_URL,
          markdown: config.WECOM_MARKDOWN,
        },
        deps,
      ),
    );
  } else {
    set.off.push({ platform: 'wecom', reason: 'WECOM_CORP_ID and the other WECOM_ variables are not set' });
  }

  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
    set.adapters.push(
      createDingtalkAdapter(
        {
          clientId: config.DINGTALK_CLIENT_ID,
          clientSecret: config.DINGTALK_CLIENT_SECRET,
          robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID,
          mode: config.DINGTALK_MODE,
          apiBaseUrl: config.DINGTALK_API_BASE_URL,
        },
        deps,
      ),
    );
  } else {
    set.off.push({
      platform: 'dingtalk',
      reason: 'DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set',
    });
  }

  return set;
}
