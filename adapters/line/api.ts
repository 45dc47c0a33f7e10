import { messagingApi } from '@line/bot-sdk';
import { PlatformError } from '../../src/errors.ts';
import { within } from '../in-flight.ts';

/** The SDK's fetch has no timeout; a reply token lives a minute, so waiting longer is pointless. */
const CALL_TIMEOUT_MS = 30_000;

/** The three Messaging API calls the adapter makes, each bounded in time. */
export interface LineApi {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<void>;
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<void>;
  botUserId(): Promise<string>;
}

export function lineApi(options: { channelAccessToken: string; baseURL: string }): LineApi {
  const client = new messagingApi.MessagingApiClient(options);
  const bounded = <T>(call: string, work: Promise<T>) =>
    within(work, CALL_TIMEOUT_MS, () => new PlatformError('line', true, `LINE ${call} timed out`));
  return {
    async reply(replyToken, messages) {
      await bounded('reply', client.replyMessage({ replyToken, messages }));
    },
    async push(to, messages, retryKey) {
      await bounded('push', client.pushMessage({ to, messages }, retryKey));
    },
    async botUserId() {
      return (await bounded('bot info', client.getBotInfo())).userId;
    },
  };
}
