import { Bot as Grammy, GrammyError, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { DeliveryResult, Turn } from '../../src/core/delivery.ts';
import type { IncomingMessage } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import type { Adapter, AdapterDeps } from '../adapter.ts';
import { addressedToBot } from './addressing.ts';
import { COMMAND_MENU, HELP_COMMANDS, commandAsText } from './commands.ts';
import { inlineResults } from './inline.ts';
import { decodeCallbackData, escapeHtml } from './render.ts';
import { sendReply, telegramPushTarget, toPlatformError } from './send.ts';
import { telegramWebhookRoute } from './webhook.ts';

export interface TelegramOptions {
  token: string;
  /** Set: updates arrive by webhook (POST /telegram/webhook). Unset: long polling. */
  webhookSecret?: string | undefined;
  apiRoot: string;
  /** Known bot identity, to skip getMe (tests, or a warm restart). */
  botInfo?: UserFromGetMe;
  /** How long polling rests after the runner gave up, before it starts again. */
  pollRestartMs?: number;
}

type TelegramContext = Context & { turn: Turn };

/** Bounded so a reply is never held for long behind a throttled or failing API. */
const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true };
const API_TIMEOUT_SECONDS = 30;
const POLL_RESTART_MS = 30_000;
/** The update kinds the bot handles; polling and the webhook script ask Telegram for these only. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

export function createTelegramAdapter(options: TelegramOptions, deps: AdapterDeps): Adapter {
  const { logger } = deps;
  const grammy = new Grammy<TelegramContext>(options.token, {
    // grammY waits 500 s by default; a hung call would hold an update (and shutdown) that long.
    client: { apiRoot: options.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  grammy.api.config.use(autoRetry(RETRY));
  // The runner is silent (it would print grammY's network errors, whose cause quotes the request URL
  // and so the token); its failed fetches are logged here instead, as our own errors describe them.
  grammy.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (e) {
      if (method === 'getUpdates' && !signal?.aborted)
        logger.warn(
          { platform: 'telegram', err: describeError(toPlatformError(e)) },
          'telegram polling failed',
        );
      throw e;
    }
  });
  /** What the delivery core decided for a webhook's update, read back by the webhook. */
  const results = new WeakMap<Update, DeliveryResult>();
  const mode = options.webhookSecret ? 'webhook' : 'polling';
  let runner: RunnerHandle | null = null;
  let restart: NodeJS.Timeout | undefined;
  let stopped = false;

  function startPolling(): void {
    const handle = run(grammy, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
    runner = handle;
    // The runner gives up on 401 and 409 (another poller, or a webhook set meanwhile) and after hours
    // of failures. Its task would then reject with nobody waiting, ending the process (web chat, LINE
    // and reminders with it); Telegram alone pauses instead, and polls again.
    handle.task()?.catch((e: unknown) => {
      const restartMs = options.pollRestartMs ?? POLL_RESTART_MS;
      logger.error(
        {
          platform: 'telegram',
          err: describeError(toPlatformError(e)),
          retryInMs: stopped ? null : restartMs,
        },
        'telegram polling stopped',
      );
      if (!stopped) restart = setTimeout(startPolling, restartMs);
    });
  }

  // Every update goes through the delivery core: de-duplication, order within a chat, the apology,
  // the log line. Polled updates too, though nobody redelivers them.
  grammy.use(async (ctx, next) => {
    const result = await deps.delivery.deliver(
      {
        platform: 'telegram',
        id: `update:${ctx.update.update_id}`,
        conversationId: ctx.chat ? `telegram:${ctx.chat.id}` : null,
        apologize: () => apologize(ctx),
      },
      (turn) => {
        ctx.turn = turn;
        return next();
      },
    );
    results.set(ctx.update, result);
  });

  grammy.on('message:text', async (ctx) => {
    const addressed = addressedToBot(ctx.msg, ctx.me);
    if (!addressed) return;
    const isGroup = ctx.chat.type !== 'private';
    const message: IncomingMessage = {
      platform: 'telegram',
      conversationId: `telegram:${ctx.chat.id}`,
      userId: `telegram:${ctx.from.id}`,
      text: '',
      isGroup,
    };
    const replyTo = isGroup ? ctx.msg.message_id : undefined;
    if (addressed.kind === 'command' && HELP_COMMANDS.has(addressed.command)) {
      ctx.turn.intent = 'help';
      await ctx.api.sendMessage(ctx.chat.id, escapeHtml(MESSAGES.telegramUsage), { parse_mode: 'HTML' });
      message.text = '帮助';
    } else if (addressed.kind === 'command') {
      message.text = commandAsText(addressed.command, addressed.args);
    } else {
      message.text = addressed.text || '帮助'; // a bare "@bot" asks what it can do
    }
    const reply = await ctx.turn.ask(message);
    await sendReply(ctx.api, ctx.chat.id, reply, replyTo);
  });

  grammy.on('callback_query', async (ctx) => {
    ctx.turn.intent = 'callback';
    const query = ctx.callbackQuery;
    const question =
      query.data !== undefined ? decodeCallbackData(query.data, query.message?.reply_markup) : null;
    const chat = query.message?.chat;
    // Answered first and always, so the button stops spinning even when the answer fails.
    await answerCallback(ctx, question && chat ? undefined : MESSAGES.buttonExpired);
    if (!question || !chat) return;
    const reply = await ctx.turn.ask({
      platform: 'telegram',
      conversationId: `telegram:${chat.id}`,
      userId: `telegram:${query.from.id}`,
      text: question,
      isGroup: chat.type !== 'private',
    });
    await sendReply(ctx.api, chat.id, reply);
  });

  grammy.on('inline_query', async (ctx) => {
    ctx.turn.intent = 'inline';
    const query = ctx.inlineQuery.query.trim();
    const results = query ? inlineResults(deps.engine.answer(query, { now: deps.clock.now() }).answer) : [];
    await ctx.answerInlineQuery(results, { cache_time: 300 });
  });

  // Last resort: the delivery core catches what fails inside an update, so this is a bug of ours.
  grammy.catch((err) => {
    logger.error({ err: describeError(err.error) }, 'telegram update failed outside the delivery core');
  });

  /**
   * A webhook's update, through the same middleware as a polled one; resolves with the delivery
   * core's outcome. Only a missing bot identity throws here.
   */
  async function handleUpdate(update: Update): Promise<DeliveryResult> {
    try {
      await grammy.init();
    } catch (e) {
      logger.error({ err: describeError(e) }, 'telegram bot identity unavailable (getMe)');
      throw toPlatformError(e);
    }
    await grammy.handleUpdate(update);
    return results.get(update) ?? { outcome: 'answered' };
  }

  /** Throws when the apology could not be sent: the delivery core counts the update unanswered. */
  async function apologize(ctx: TelegramContext): Promise<void> {
    if (ctx.callbackQuery) await answerCallback(ctx, undefined);
    const chatId = ctx.chat?.id;
    if (chatId === undefined) throw new Error('no chat to apologise in');
    await ctx.api.sendMessage(chatId, escapeHtml(MESSAGES.internalError));
  }

  async function answerCallback(ctx: TelegramContext, text: string | undefined): Promise<void> {
    try {
      await ctx.answerCallbackQuery(text ? { text } : undefined);
    } catch (e) {
      // A query older than Telegram's window cannot be answered any more; the question still is.
      if (!(e instanceof GrammyError && e.error_code === 400)) throw e;
      logger.debug({ err: describeError(e) }, 'stale callback query');
    }
  }

  return {
    platform: 'telegram',
    mode,
    routes: () =>
      options.webhookSecret ? [telegramWebhookRoute({ secret: options.webhookSecret, handleUpdate })] : [],
    pushTarget: telegramPushTarget(grammy.api),
    async start() {
      try {
        await grammy.init();
        await grammy.api.setMyCommands(COMMAND_MENU);
        if (mode === 'polling') {
          // A webhook left registered would make getUpdates fail with 409.
          await grammy.api.deleteWebhook();
        }
      } catch (e) {
        throw toPlatformError(e);
      }
      if (mode === 'polling' && !stopped) startPolling();
      logger.info({ platform: 'telegram', mode, bot: grammy.botInfo.username }, 'adapter started');
    },
    async stop() {
      stopped = true;
      clearTimeout(restart);
      if (runner?.isRunning()) await runner.stop();
      await deps.delivery.drain();
    },
  };
}
