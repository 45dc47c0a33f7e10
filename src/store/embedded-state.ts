import { FORMAT_VERSION, type JournalRecord } from './embedded-records.ts';
import { compareInboxIds, targetKey } from './schemas.ts';
import {
  INBOX_MAX_ITEMS,
  type InboxItem,
  type Subscription,
  type SubscriberStatus,
  type SubscriptionTarget,
} from './types.ts';

/**
 * What the embedded store's journal adds up to, in memory. Only apply() changes it, with a record
 * that is already on disk (or, at start-up, read back from it), so replaying the journal rebuilds
 * exactly the state callers saw. Times are passed in: the store owns the clock.
 */
export class EmbeddedState {
  private readonly contexts = new Map<string, { context: unknown; expiresAt: number }>();
  private readonly seen = new Map<string, number>();
  private readonly deliveries = new Map<string, { state: 'leased' | 'done'; expiresAt: number }>();
  private readonly subscriptions = new Map<string, Map<string, Subscription>>();
  private readonly statuses = new Map<string, SubscriberStatus>();
  private readonly claims = new Map<string, number>();
  private readonly sent = new Set<string>();
  private readonly inboxes = new Map<string, (InboxItem & { expiresAt: number })[]>();
  /** The last inbox id issued, so ids keep increasing when the clock stands still or steps back. */
  private lastInboxId = '0-0';

  /** The unexpired entry, its context not yet checked against this version's schema. */
  liveContext(conversationId: string, now: number): { context: unknown } | null {
    const entry = this.contexts.get(conversationId);
    return !entry || entry.expiresAt <= now ? null : entry;
  }

  isSeen(key: string, now: number): boolean {
    return (this.seen.get(key) ?? 0) > now;
  }

  /** The delivery's unexpired mark, if any. */
  deliveryState(key: string, now: number): 'leased' | 'done' | null {
    const entry = this.deliveries.get(key);
    return !entry || entry.expiresAt <= now ? null : entry.state;
  }

  hasSubscription(conversationId: string, target: SubscriptionTarget): boolean {
    return this.subscriptions.get(conversationId)?.has(targetKey(target)) ?? false;
  }

  /** How many subscriptions removeSubscriptions(conversationId, target) would remove. */
  countSubscriptions(conversationId: string, target: SubscriptionTarget | null): number {
    const own = this.subscriptions.get(conversationId);
    return !own ? 0 : target ? (own.has(targetKey(target)) ? 1 : 0) : own.size;
  }

  subscriptionsOf(conversationId: string): Subscription[] {
    return [...(this.subscriptions.get(conversationId)?.values() ?? [])];
  }

  allSubscriptions(): Subscription[] {
    return [...this.subscriptions.values()].flatMap((own) => [...own.values()]);
  }

  statusOf(conversationId: string): SubscriberStatus | null {
    return this.statuses.get(conversationId) ?? null;
  }

  /** Sent for good, or claimed by someone whose claim has not expired. */
  isReminderTaken(key: string, now: number): boolean {
    return this.sent.has(key) || (this.claims.get(key) ?? 0) > now;
  }

  /** Any claim on record, expired or not (compaction is what forgets expired ones). */
  hasClaim(key: string): boolean {
    return this.claims.has(key);
  }

  isSent(key: string): boolean {
    return this.sent.has(key);
  }

  /** The id of the unexpired item appended under this message key, if any. */
  inboxIdOf(conversationId: string, messageKey: string, now: number): string | null {
    const existing = this.inboxes
      .get(conversationId)
      ?.find((item) => item.message.key === messageKey && item.expiresAt > now);
    return existing?.id ?? null;
  }

  /** Redis's stream id scheme: milliseconds, then a sequence within the same millisecond. */
  nextInboxId(now: number): string {
    const [lastMs = 0, lastSeq = 0] = this.lastInboxId.split('-').map(Number);
    return now > lastMs ? `${now}-0` : `${lastMs}-${lastSeq + 1}`;
  }

  inboxAfter(conversationId: string, afterId: string | null, now: number): InboxItem[] {
    return (this.inboxes.get(conversationId) ?? [])
      .filter((item) => item.expiresAt > now && (afterId === null || compareInboxIds(item.id, afterId) > 0))
      .map(({ id, message }) => ({ id, message }));
  }

  apply(record: JournalRecord): void {
    switch (record.t) {
      case 'header':
        return;
      case 'context':
        this.contexts.set(record.id, { context: record.context, expiresAt: record.expiresAt });
        return;
      case 'seen':
        this.seen.set(record.key, record.expiresAt);
        return;
      case 'delivery':
        this.deliveries.set(record.key, { state: record.state, expiresAt: record.expiresAt });
        return;
      case 'abandon':
        this.deliveries.delete(record.key);
        return;
      case 'subscribe': {
        const { conversationId, target } = record.subscription;
        const own = this.subscriptions.get(conversationId) ?? new Map<string, Subscription>();
        own.set(targetKey(target), record.subscription);
        this.subscriptions.set(conversationId, own);
        return;
      }
      case 'unsubscribe': {
        const own = this.subscriptions.get(record.conversationId);
        if (record.target) own?.delete(targetKey(record.target));
        if (!record.target || own?.size === 0) this.subscriptions.delete(record.conversationId);
        return;
      }
      case 'status':
        this.statuses.set(record.status.conversationId, record.status);
        return;
      case 'claim':
        this.claims.set(record.key, record.expiresAt);
        return;
      case 'release':
        this.claims.delete(record.key);
        return;
      case 'sent':
        this.claims.delete(record.key);
        this.sent.add(record.key);
        return;
      case 'sentAll':
        for (const key of record.keys) {
          this.claims.delete(key);
          this.sent.add(key);
        }
        return;
      case 'inbox': {
        const { conversationId, id, message, expiresAt } = record;
        const items = this.inboxes.get(conversationId) ?? [];
        items.push({ id, message, expiresAt });
        if (items.length > INBOX_MAX_ITEMS) items.splice(0, items.length - INBOX_MAX_ITEMS);
        this.inboxes.set(conversationId, items);
        if (compareInboxIds(id, this.lastInboxId) > 0) this.lastInboxId = id;
        return;
      }
    }
  }

  /** The records that rebuild today's state, expired entries left out. */
  liveRecords(now: number): JournalRecord[] {
    const records: JournalRecord[] = [{ t: 'header', version: FORMAT_VERSION }];
    for (const [id, { context, expiresAt }] of this.contexts)
      if (expiresAt > now) records.push({ t: 'context', id, context, expiresAt });
    for (const [key, expiresAt] of this.seen)
      if (expiresAt > now) records.push({ t: 'seen', key, expiresAt });
    for (const [key, { state, expiresAt }] of this.deliveries)
      if (expiresAt > now) records.push({ t: 'delivery', key, state, expiresAt });
    for (const own of this.subscriptions.values())
      for (const subscription of own.values()) records.push({ t: 'subscribe', subscription });
    for (const status of this.statuses.values()) records.push({ t: 'status', status });
    for (const [key, expiresAt] of this.claims)
      if (expiresAt > now) records.push({ t: 'claim', key, expiresAt });
    for (const key of this.sent) records.push({ t: 'sent', key });
    for (const [conversationId, items] of this.inboxes)
      for (const { id, message, expiresAt } of items)
        if (expiresAt > now) records.push({ t: 'inbox', conversationId, id, message, expiresAt });
    return records;
  }

  /** Forgets expired entries; called once the journal no longer holds them (after a compaction). */
  dropExpired(now: number): void {
    for (const [id, { expiresAt }] of this.contexts) if (expiresAt <= now) this.contexts.delete(id);
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    for (const [key, { expiresAt }] of this.deliveries) if (expiresAt <= now) this.deliveries.delete(key);
    for (const [key, expiresAt] of this.claims) if (expiresAt <= now) this.claims.delete(key);
    for (const [conversationId, items] of this.inboxes) {
      const live = items.filter((item) => item.expiresAt > now);
      if (live.length > 0) this.inboxes.set(conversationId, live);
      else this.inboxes.delete(conversationId);
    }
  }
}
