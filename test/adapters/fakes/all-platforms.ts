import { FakeDingtalkApi } from './dingtalk-api.ts';
import { FakeStreamGateway } from './dingtalk-stream.ts';
import { FakeLineApi } from './line-api.ts';
import { FakeTelegramApi } from './telegram-api.ts';
import { FakeWecomApi } from './wecom-api.ts';

/** The Telegram webhook secret the server is given (it checks X-Telegram-Bot-Api-Secret-Token). */
export const FAKE_TELEGRAM_WEBHOOK_SECRET = 'fake-telegram-webhook-secret';

export interface FakePlatforms {
  telegram: FakeTelegramApi;
  line: FakeLineApi;
  wecom: FakeWecomApi;
  dingtalk: FakeDingtalkApi;
  gateway: FakeStreamGateway;
  /** The variables that configure all four platforms against these fakes (config.ts names them). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Every platform's fake API on loopback, started, for a server process with all four configured:
 * Telegram by webhook, LINE, WeCom, and DingTalk in Stream mode through the fake gateway. Used where
 * the whole server runs as a process of its own (the built-server test, the HTTP bench).
 */
export async function startFakePlatforms(): Promise<FakePlatforms> {
  const telegram = new FakeTelegramApi();
  const line = new FakeLineApi();
  const wecom = new FakeWecomApi();
  const dingtalk = new FakeDingtalkApi();
  const gateway = new FakeStreamGateway();
  await gateway.start();
  dingtalk.attachGateway(gateway);
  const env = {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_WEBHOOK_SECRET: FAKE_TELEGRAM_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: await telegram.start(),
    LINE_CHANNEL_SECRET: line.channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: line.channelAccessToken,
    LINE_API_BASE_URL: await line.start(),
    WECOM_CORP_ID: wecom.corpId,
    WECOM_AGENT_ID: String(wecom.agentId),
    WECOM_SECRET: wecom.secret,
    WECOM_TOKEN: wecom.callbackToken,
    WECOM_ENCODING_AES_KEY: wecom.encodingAesKey,
    WECOM_API_BASE_URL: await wecom.start(),
    DINGTALK_CLIENT_ID: dingtalk.clientId,
    DINGTALK_CLIENT_SECRET: dingtalk.clientSecret,
    DINGTALK_API_BASE_URL: await dingtalk.start(),
  };
  return {
    telegram,
    line,
    wecom,
    dingtalk,
    gateway,
    env,
    async stop() {
      await Promise.all([telegram.stop(), line.stop(), wecom.stop(), dingtalk.stop(), gateway.stop()]);
    },
  };
}
