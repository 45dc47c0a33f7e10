import type { Choice, Citation } from '../core/types.ts';
import type { ConversationContext } from '../engine/types.ts';

/**
 * What a subscriber follows: one task, one agency's tasks, or the whole plan. `plan` is the key of
 * the plan it is in (issue 10); a target without one, as every stored before several plans could
 * load, is in the default plan.
 */
export type SubscriptionTarget = (
  { kind: 'task'; taskId: string } | { kind: 'agency'; agency: string } | { kind: 'all' }
) & { plan?: string };

export interface Subscription {
  /** Where reminders go, prefixed by platform: "telegram:123". */
  conversationId: string;
  target: SubscriptionTarget;
  createdAt: string; // ISO-8601
}

export interface SubscriberStatus {
  conversationId: string;
  disabled: boolean;
  reason: string | null;
  updatedAt: string;
}

/** A push kept for a web chat until its page fetches it: a Reply as plain data. */
export interface InboxMessage {
  /**
   * The sender's idempotency key (a reminder's retry key): appending a key already in the inbox
   * stores nothing, so a retried push cannot show twice.
   */
  key: string;
  text: string;
  choices: Choice[];
  citations: Citation[];
  createdAt: string; // ISO-8601, plan clock
}

export interface InboxItem {
  /** "<ms>-<seq>", increasing in append order within one inbox (compareInboxIds). */
  id: string;
  message: InboxMessage;
}

/** The oldest items beyond this many are dropped, so an inbox nobody reads stays small. */
export const INBOX_MAX_ITEMS = 100;

/**
 * All state the bot keeps. Two implementations (Redis, and SQLite embedded in DATA_DIR) pass one
 * contract suite. Methods throw StoreUnavailableError when the backing store cannot be reached or
 * refuses a write (a full disk); its `outcome` is 'unknown' when a change may still be applied (a
 * Redis request that timed out), 'failed' when it certainly was not.
 */
export interface Store {
  readonly kind: 'redis' | 'embedded';

  getContext(conversationId: string): Promise<ConversationContext | null>;
  setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void>;

  /** True the first time a key is seen within ttlMs (webhook de-duplication). */
  markSeen(key: string, ttlMs: number): Promise<boolean>;

  /**
   * Webhook delivery lifecycle (issue 12): an update is handled by whoever takes its lease, and
   * dropped only once it is done.
   * 'started' → the caller now holds an in-progress lease that expires after leaseMs;
   * 'busy'    → another holder's lease is still live (drop it; the platform redelivers later);
   * 'done'    → it was answered already (drop it).
   */
  beginDelivery(key: string, leaseMs: number): Promise<'started' | 'busy' | 'done'>;
  /** The reply was accepted by the platform: remember it as done for doneTtlMs; the lease ends. */
  finishDelivery(key: string, doneTtlMs: number): Promise<void>;
  /** Handling failed before any reply was accepted: drop the lease so a redelivery is handled at once. */
  abandonDelivery(key: string): Promise<void>;
  /** Counts a hit in the current window and returns the count so far (rate limiting). */
  hit(key: string, windowMs: number): Promise<number>;

  /** False when the same subscription already existed. */
  addSubscription(subscription: Subscription): Promise<boolean>;
  /** Removes matching subscriptions (all of the conversation's when target is null); returns how many. */
  removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number>;
  /** In the order they were made (createdAt; a tie in a fixed order of the store's choosing). */
  listSubscriptions(conversationId: string): Promise<Subscription[]>;
  allSubscriptions(): Promise<Subscription[]>;

  getSubscriberStatus(conversationId: string): Promise<SubscriberStatus | null>;
  setSubscriberStatus(status: SubscriberStatus): Promise<void>;

  /**
   * Reminder delivery marks. A claim is taken atomically before sending (SET NX with expiry);
   * only its holder may send. markSent makes it permanent; releaseClaim lets a later tick retry.
   */
  claimReminder(key: string, ttlMs: number): Promise<boolean>;
  markReminderSent(key: string): Promise<void>;
  /** Marks every key sent in one atomic step (a reminder set): all or none. */
  markRemindersSent(keys: string[]): Promise<void>;
  releaseReminderClaim(key: string): Promise<void>;
  isReminderSent(key: string): Promise<boolean>;

  /**
   * The web chat's inbox: the web page has no channel to push on, so a push waits here until the
   * page asks. Read-after-cursor rather than take/ack: the page may be open in several tabs (and a
   * take would show a reminder in only one of them), and a page closed when a reminder arrives
   * must still find it when next opened, so items stay until ttlMs passes (or INBOX_MAX_ITEMS newer
   * ones push them out) and each reader keeps its own cursor, the last id it has shown.
   * appendInbox returns the item's id (the existing one when message.key is already there).
   */
  appendInbox(conversationId: string, message: InboxMessage, ttlMs: number): Promise<string>;
  /** Items newer than `afterId` (all when null) that have not expired, oldest first. */
  readInbox(conversationId: string, afterId: string | null): Promise<InboxItem[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
