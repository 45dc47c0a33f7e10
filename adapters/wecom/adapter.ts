import { textReply } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import type { Adapter, AdapterDeps } from '../adapter.ts';
import { actionOf, conversationIdOf, deliveryIdOf } from './addressing.ts';
import { toPlatformError, WecomApi } from './api.ts';
import type { WecomMessage } from './callback-xml.ts';
import { wecomCallbackRoutes } from './callback.ts';
import { WecomCrypto } from './crypto.ts';
import { Pacer, type RateWindow } from '../pacer.ts';
import { WECOM_MEMBER_LIMITS, WecomSender } from './send.ts';

export interface WecomOptions {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  apiBaseUrl: string;
  /** Markdown where the client shows it (the WeCom app); false for text only (the WeChat plug-in). */
  markdown: boolean;
  /** WeCom's per-member limits; tests give shorter windows to the fake API and to this alike. */
  memberLimits?: RateWindow[];
}

/**
 * WeCom (企业微信) self-built application (自建应用): encrypted XML callbacks in, message/send out.
 * Only WeCom's part lives here; the delivery core de-duplicates (MsgId, or FromUserName +
 * CreateTime for events), orders, apologises and logs.
 */
export function createWecomAdapter(options: WecomOptions, deps: AdapterDeps): Adapter {
  const { logger } = deps;
  const api = new WecomApi({ baseUrl: options.apiBaseUrl, corpId: options.corpId, secret: options.secret });
  const sender = new WecomSender({
    api,
    agentId: options.agentId,
    pacer: new Pacer({ windows: options.memberLimits ?? WECOM_MEMBER_LIMITS }),
    markdown: options.markdown,
  });

  /** After the callback was answered: the message goes through the delivery core. */
  function receive(message: WecomMessage): void {
    if (message.AgentID !== undefined && message.AgentID !== String(options.agentId)) {
      logger.warn({ platform: 'wecom' }, 'wecom callback for another application ignored');
      return;
    }
    const conversationId = conversationIdOf(message);
    const action = actionOf(message);
    deps.delivery
      .deliver(
        {
          platform: 'wecom',
          id: deliveryIdOf(message),
          conversationId,
          apologize: () => sender.send(conversationId, textReply(MESSAGES.internalError)),
        },
        async (turn) => {
          if (action.kind === 'ignore') return;
          if (action.kind === 'say') {
            turn.intent = 'command';
            await sender.send(conversationId, textReply(MESSAGES[action.text]));
            return;
          }
          const reply = await turn.ask({
            platform: 'wecom',
            conversationId,
            userId: `wecom:user:${message.FromUserName}`,
            text: action.text,
            isGroup: message.ChatId !== undefined,
          });
          await sender.send(conversationId, reply);
        },
      )
      .catch((e: unknown) => {
        // The core reports a failed update itself; reaching here is a bug of ours. Never a crash.
        logger.error({ platform: 'wecom', err: describeError(e) }, 'wecom delivery failed outside the core');
      });
  }

  return {
    platform: 'wecom',
    mode: 'webhook',
    routes: () =>
      wecomCallbackRoutes({
        crypto: new WecomCrypto(options.token, options.encodingAesKey),
        corpId: options.corpId,
        receive,
      }),
    pushTarget: sender.pushTarget(),
    async start() {
      // Proves the CorpID and Secret (and, on the first send, the trusted IP) before traffic comes.
      try {
        await api.accessToken();
      } catch (e) {
        throw toPlatformError(e);
      }
      logger.info({ platform: 'wecom', mode: 'webhook' }, 'adapter started');
    },
    async stop() {
      await deps.delivery.drain();
    },
  };
}
