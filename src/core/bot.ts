import type { Clock } from './clock.ts';
import type { IncomingMessage, Reply } from './types.ts';
import type { Engine } from '../engine/types.ts';
import type { Store } from '../store/types.ts';
import type { Logger } from '../log.ts';
import { describeError } from '../errors.ts';
import { answerToReply } from './reply.ts';
import { MESSAGES } from '../messages.ts';

/** Handlers run in order before the engine; one may answer (subscription commands) or call next(). */
export type MessageHandler = (message: IncomingMessage, next: () => Promise<Reply>) => Promise<Reply>;

export interface BotDeps {
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  rateLimitPerMinute: number;
  contextTtlMs?: number;
}

export const MAX_QUESTION_CHARS = 500;
const CONTEXT_TTL_MS = 30 * 60_000;

/** The platform-neutral conversation turn every adapter calls. */
export class Bot {
  private readonly handlers: MessageHandler[] = [];
  constructor(private readonly deps: BotDeps) {}

  use(handler: MessageHandler): this {
    this.handlers.push(handler);
    return this;
  }

  async handle(message: IncomingMessage): Promise<Reply> {
    if (await this.overLimit(message.userId))
      return { text: MESSAGES.rateLimited, choices: [], citations: [], refused: 'rate_limited' };
    const run = (i: number): Promise<Reply> => {
      const handler = this.handlers[i];
      return handler ? handler(message, () => run(i + 1)) : this.ask(message);
    };
    return run(0);
  }

  /** Answers a question with the conversation's follow-up context. */
  async ask(message: IncomingMessage): Promise<Reply> {
    const { engine, store, clock, logger } = this.deps;
    if (message.text.length > MAX_QUESTION_CHARS) {
      return { text: MESSAGES.tooLong(MAX_QUESTION_CHARS), choices: [], citations: [] };
    }
    if (message.ephemeral) return answerToReply(engine.answer(message.text, { now: clock.now() }).answer);
    const context = await store.getContext(message.conversationId).catch((e: unknown) => {
      // Without context we still answer; a follow-up just loses its referent.
      logger.warn({ err: describeError(e) }, 'context unavailable');
      return null;
    });
    const { answer, context: next } = engine.answer(message.text, { now: clock.now(), context });
    await store
      .setContext(message.conversationId, next, this.deps.contextTtlMs ?? CONTEXT_TTL_MS)
      .catch((e: unknown) => logger.warn({ err: describeError(e) }, 'context not saved'));
    return answerToReply(answer);
  }

  private async overLimit(userId: string): Promise<boolean> {
    try {
      const count = await this.deps.store.hit(`rate:${userId}`, 60_000);
      return count > this.deps.rateLimitPerMinute;
    } catch (e) {
      // A broken store must not silence the bot: answer without limiting.
      this.deps.logger.warn({ err: describeError(e) }, 'rate limit unavailable');
      return false;
    }
  }
}
