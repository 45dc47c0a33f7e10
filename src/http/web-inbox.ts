import type { Clock } from '../core/clock.ts';
import type { PushTarget, Reply } from '../core/types.ts';
import { AppError, PlatformError } from '../errors.ts';
import { InboxMessageSchema } from '../store/schemas.ts';
import type { Store } from '../store/types.ts';

export const WEB_PLATFORM = 'web';

/** A reminder waits this long for its page to be opened again; past the deadline it is moot anyway. */
export const WEB_INBOX_TTL_MS = 30 * 86_400_000;

/**
 * The web chat's push channel. A browser cannot be reached from the server, so a push is stored in
 * the conversation's inbox and the page fetches it (GET /api/inbox). The store is this platform's
 * only delivery, so its failures are the transient platform failures the scheduler retries; and
 * because the retry key is the item's key, a push retried after a crash is stored once.
 */
export class WebInboxPushTarget implements PushTarget {
  readonly platform = WEB_PLATFORM;

  constructor(
    private readonly store: Pick<Store, 'appendInbox'>,
    /** The plan clock: the page shows when the reminder came in the plan's time. */
    private readonly clock: Clock,
  ) {}

  async push(conversationId: string, reply: Reply, options: { retryKey: string }): Promise<void> {
    if (!conversationId.startsWith(`${WEB_PLATFORM}:`))
      throw new PlatformError(WEB_PLATFORM, false, 'not a web conversation');
    // Plain data only: the engine's answer object is for rendering a turn, not for keeping a month.
    const message = InboxMessageSchema.parse({
      key: options.retryKey,
      text: reply.text,
      choices: reply.choices.map(({ label, text }) => ({ label, text })),
      citations: reply.citations.map(({ taskId, title, plan }) => ({
        taskId,
        title,
        ...(plan ? { plan } : {}),
      })),
      createdAt: this.clock.now().toISOString(),
    });
    try {
      await this.store.appendInbox(conversationId, message, WEB_INBOX_TTL_MS);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'store_unavailable' || e.code === 'store_corrupt'))
        throw new PlatformError(WEB_PLATFORM, true, `web inbox unavailable: ${e.message}`, { cause: e });
      throw e;
    }
  }
}
