import { EXPIRING } from './sqlite-schema.ts';
import { SqliteStatements } from './sqlite-statements.ts';

/** One subscription as stored. */
export interface SubscriptionRow {
  conversation_id: string;
  target_key: string;
  created_at: string;
}

/**
 * The embedded store's SQL (the inbox's is in sqlite-inbox.ts), one synchronous method per step, over prepared statements. Callers run
 * them inside a transaction (EmbeddedStore, the journal import); none of them opens one itself.
 * Times are epoch ms; JSON values go in and come out as text, unchecked (the caller checks).
 */
export class SqliteTables extends SqliteStatements {
  /** The context's JSON and expiry, for the store's memory of contexts (soft-contexts.ts). */
  contextRowOf(conversationId: string, now: number): { context: string; expiresAt: number } | null {
    return (
      this.get<{ context: string; expiresAt: number }>(
        'SELECT context, expires_at AS expiresAt FROM contexts WHERE conversation_id = ? AND expires_at > ?',
        conversationId,
        now,
      ) ?? null
    );
  }

  putContext(conversationId: string, context: string, expiresAt: number): void {
    this.run(
      `INSERT INTO contexts VALUES (?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET context = excluded.context, expires_at = excluded.expires_at`,
      conversationId,
      context,
      expiresAt,
    );
  }

  /** Sets the key's expiry unless it is already live; true when it was not. */
  markSeen(key: string, expiresAt: number, now: number): boolean {
    return (
      this.run(
        `INSERT INTO seen VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= ?`,
        key,
        expiresAt,
        now,
      ) === 1
    );
  }

  /** Sets the key's expiry, live or not: a journal's "seen" record. */
  putSeen(key: string, expiresAt: number): void {
    this.run(
      'INSERT INTO seen VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at',
      key,
      expiresAt,
    );
  }

  deliveryState(key: string, now: number): 'leased' | 'done' | null {
    const row = this.get<{ state: 'leased' | 'done' }>(
      'SELECT state FROM deliveries WHERE key = ? AND expires_at > ?',
      key,
      now,
    );
    return row?.state ?? null;
  }

  putDelivery(key: string, state: 'leased' | 'done', expiresAt: number): void {
    this.run(
      `INSERT INTO deliveries VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at`,
      key,
      state,
      expiresAt,
    );
  }

  /** Drops a lease; never a done mark. */
  dropLease(key: string): void {
    this.run(`DELETE FROM deliveries WHERE key = ? AND state = 'leased'`, key);
  }

  /** Drops every lease (never a done mark); returns how many there were. */
  dropAllLeases(): number {
    return this.run(`DELETE FROM deliveries WHERE state = 'leased'`);
  }

  /** False when the conversation already has this target. */
  addSubscription(row: SubscriptionRow): boolean {
    // The SELECT's WHERE is what lets SQLite parse ON CONFLICT after INSERT … SELECT.
    return (
      this.run(
        `INSERT INTO subscriptions (conversation_id, target_key, created_at, seq)
         SELECT ?, ?, ?, coalesce(max(seq), 0) + 1 FROM subscriptions WHERE conversation_id = ?
         ON CONFLICT DO NOTHING`,
        row.conversation_id,
        row.target_key,
        row.created_at,
        row.conversation_id,
      ) === 1
    );
  }

  /** Adds, or replaces keeping its place: a journal's "subscribe" record. */
  putSubscription(row: SubscriptionRow): void {
    if (!this.addSubscription(row))
      this.run(
        'UPDATE subscriptions SET created_at = ? WHERE conversation_id = ? AND target_key = ?',
        row.created_at,
        row.conversation_id,
        row.target_key,
      );
  }

  /** Removes one target, or all of the conversation's when targetKey is null; returns how many. */
  removeSubscriptions(conversationId: string, targetKey: string | null): number {
    return targetKey === null
      ? this.run('DELETE FROM subscriptions WHERE conversation_id = ?', conversationId)
      : this.run(
          'DELETE FROM subscriptions WHERE conversation_id = ? AND target_key = ?',
          conversationId,
          targetKey,
        );
  }

  /** A conversation's subscriptions, in the order they were made. */
  subscriptionsOf(conversationId: string): SubscriptionRow[] {
    return this.all<SubscriptionRow>(
      'SELECT conversation_id, target_key, created_at FROM subscriptions WHERE conversation_id = ? ORDER BY created_at, seq',
      conversationId,
    );
  }

  /** Every subscription, by conversation. */
  allSubscriptions(): SubscriptionRow[] {
    return this.all<SubscriptionRow>('SELECT conversation_id, target_key, created_at FROM subscriptions');
  }

  countSubscriptions(): number {
    return this.get<{ n: number }>('SELECT count(*) AS n FROM subscriptions')?.n ?? 0;
  }

  statusOf(conversationId: string): string | null {
    const row = this.get<{ status: string }>(
      'SELECT status FROM subscriber_status WHERE conversation_id = ?',
      conversationId,
    );
    return row?.status ?? null;
  }

  putStatus(conversationId: string, status: string): void {
    this.run(
      `INSERT INTO subscriber_status VALUES (?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET status = excluded.status`,
      conversationId,
      status,
    );
  }

  /** Takes the claim unless the reminder is sent or claimed by a live claim; true when taken. */
  claimReminder(key: string, expiresAt: number, now: number): boolean {
    return (
      this.run(
        `INSERT INTO reminders VALUES (?, 0, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
         WHERE reminders.sent = 0 AND reminders.expires_at <= ?`,
        key,
        expiresAt,
        now,
      ) === 1
    );
  }

  /** Records a claim unless the reminder is sent: a journal's "claim" record. */
  putClaim(key: string, expiresAt: number): void {
    this.run(
      `INSERT INTO reminders VALUES (?, 0, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE reminders.sent = 0`,
      key,
      expiresAt,
    );
  }

  markSent(key: string): void {
    this.run(
      `INSERT INTO reminders VALUES (?, 1, NULL)
       ON CONFLICT (key) DO UPDATE SET sent = 1, expires_at = NULL`,
      key,
    );
  }

  /** A release never undoes a sent mark. */
  releaseClaim(key: string): void {
    this.run('DELETE FROM reminders WHERE key = ? AND sent = 0', key);
  }

  isSent(key: string): boolean {
    return this.get('SELECT 1 AS one FROM reminders WHERE key = ? AND sent = 1', key) !== undefined;
  }

  meta(key: string): string | null {
    return this.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value ?? null;
  }

  putMeta(key: string, value: string): void {
    this.run(
      'INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  /** Deletes every expired row (and expired claims); returns how many. Uses the expiry indexes. */
  sweep(now: number): number {
    let removed = 0;
    for (const table of EXPIRING) removed += this.run(`DELETE FROM ${table} WHERE expires_at <= ?`, now);
    removed += this.run('DELETE FROM reminders WHERE sent = 0 AND expires_at <= ?', now);
    return removed;
  }
}
