import { describeError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';

/** Chat ids remembered as known; past this the oldest are forgotten (and checked in the store again). */
const KNOWN_CAP = 10_000;
const HOUR_MS = 60 * 60_000;

/**
 * Limits how many NEW web conversations one client address starts per hour. The per-minute rate
 * limit counts per chat id, so without this a client inventing a fresh random chat id per request
 * went around it entirely (3,000 permanent subscriptions in 5.7 s); every subscription belongs to a
 * conversation, so this also bounds the subscriptions one address can make.
 *
 * A chat id is "known" when this process has admitted it recently or the store holds its follow-up
 * context (so a restart does not make an office's returning users look new); only unknown ones count,
 * in the store's rate windows (`rate:newchat:<address>`, one hour), so instances sharing Redis share
 * the count.
 */
export class NewChatGate {
  private readonly known = new Map<string, true>();

  constructor(
    private readonly deps: {
      store: Pick<Store, 'hit' | 'getContext'>;
      limitPerHour: number;
      logger: Logger;
    },
  ) {}

  /** True when `conversationId` may go on; false when `address` has started too many this hour. */
  async admit(address: string, conversationId: string): Promise<boolean> {
    if (this.known.delete(conversationId)) return this.remember(conversationId);
    const { store, limitPerHour, logger } = this.deps;
    try {
      if (await store.getContext(conversationId)) return this.remember(conversationId);
      const started = await store.hit(`rate:newchat:${address}`, HOUR_MS);
      return started <= limitPerHour && this.remember(conversationId);
    } catch (e) {
      // A broken store must not silence the bot, as with the per-minute limit: admit.
      logger.warn({ err: describeError(e) }, 'new-conversation limit unavailable');
      return true;
    }
  }

  private remember(conversationId: string): true {
    this.known.set(conversationId, true);
    if (this.known.size > KNOWN_CAP) this.known.delete(this.known.keys().next().value as string);
    return true;
  }
}
