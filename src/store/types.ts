import type { ConversationContext } from '../engine/types.ts';

/** What a subscriber follows: one task, one agency's tasks, or the whole plan. */
export type SubscriptionTarget =
  { kind: 'task'; taskId: string } | { kind: 'agency'; agency: string } | { kind: 'all' };

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

/**
 * All state the bot keeps. Two implementations (Redis, embedded on disk) pass one contract suite.
 * Methods throw StoreUnavailableError when the backing store cannot be reached.
 */
export interface Store {
  readonly kind: 'redis' | 'embedded';

  getContext(conversationId: string): Promise<ConversationContext | null>;
  setContext(conversationId: string, context: ConversationContext, ttlMs: number): Promise<void>;

  /** True the first time a key is seen within ttlMs (webhook de-duplication). */
  markSeen(key: string, ttlMs: number): Promise<boolean>;
  /** Counts a hit in the current window and returns the count so far (rate limiting). */
  hit(key: string, windowMs: number): Promise<number>;

  /** False when the same subscription already existed. */
  addSubscription(subscription: Subscription): Promise<boolean>;
  /** Removes matching subscriptions (all of the conversation's when target is null); returns how many. */
  removeSubscriptions(conversationId: string, target: SubscriptionTarget | null): Promise<number>;
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
  releaseReminderClaim(key: string): Promise<void>;
  isReminderSent(key: string): Promise<boolean>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
