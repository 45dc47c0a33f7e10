import { SqliteStatements } from './sqlite-statements.ts';
import { INBOX_MAX_ITEMS } from './types.ts';

/** One inbox row as stored: its message still JSON text. */
export interface InboxRow {
  ms: number;
  seq: number;
  message: string;
}

const LAST_INBOX_ID = 'last_inbox_id';

/**
 * The web inbox's SQL (the `inbox` table, and the last id issued in `meta`). Like SqliteTables,
 * synchronous steps that callers run inside their transaction.
 */
export class SqliteInbox extends SqliteStatements {
  /** The unexpired item appended under this message key, if any. */
  inboxIdOf(conversationId: string, messageKey: string, now: number): string | null {
    const row = this.get<{ ms: number; seq: number }>(
      'SELECT ms, seq FROM inbox WHERE conversation_id = ? AND key = ? AND expires_at > ?',
      conversationId,
      messageKey,
      now,
    );
    return row ? `${row.ms}-${row.seq}` : null;
  }

  /**
   * Appends an item with the next id (Redis's stream scheme: milliseconds, then a sequence within
   * the same millisecond; the last id is kept, so ids keep increasing when the clock stands still
   * or steps back, and when the items that held them have expired), then drops the oldest beyond
   * INBOX_MAX_ITEMS. Returns the id.
   */
  appendInbox(conversationId: string, messageKey: string, message: string, expiresAt: number, now: number) {
    const [ms, seq] = this.nextInboxId(now);
    this.run(
      'INSERT INTO inbox VALUES (?, ?, ?, ?, ?, ?)',
      conversationId,
      ms,
      seq,
      messageKey,
      message,
      expiresAt,
    );
    this.putLastId(`${ms}-${seq}`);
    this.capInbox(conversationId);
    return `${ms}-${seq}`;
  }

  /** A journal's inbox item, with the id it already had. */
  putInboxItem(conversationId: string, id: string, messageKey: string, message: string, expiresAt: number) {
    const [ms = 0, seq = 0] = id.split('-').map(Number);
    this.run(
      'INSERT OR REPLACE INTO inbox VALUES (?, ?, ?, ?, ?, ?)',
      conversationId,
      ms,
      seq,
      messageKey,
      message,
      expiresAt,
    );
    const [lastMs, lastSeq] = this.lastId();
    if (ms > lastMs || (ms === lastMs && seq > lastSeq)) this.putLastId(id);
    this.capInbox(conversationId);
  }

  /** Unexpired items after (ms, seq), oldest first. */
  inboxAfter(conversationId: string, after: [number, number], now: number): InboxRow[] {
    return this.all<InboxRow>(
      `SELECT ms, seq, message FROM inbox
       WHERE conversation_id = ? AND expires_at > ? AND (ms, seq) > (?, ?)
       ORDER BY ms, seq`,
      conversationId,
      now,
      after[0],
      after[1],
    );
  }

  private nextInboxId(now: number): [number, number] {
    const [lastMs, lastSeq] = this.lastId();
    return now > lastMs ? [now, 0] : [lastMs, lastSeq + 1];
  }

  private capInbox(conversationId: string): void {
    const oldestKept = this.get<{ ms: number; seq: number }>(
      'SELECT ms, seq FROM inbox WHERE conversation_id = ? ORDER BY ms DESC, seq DESC LIMIT 1 OFFSET ?',
      conversationId,
      INBOX_MAX_ITEMS - 1,
    );
    if (oldestKept)
      this.run(
        'DELETE FROM inbox WHERE conversation_id = ? AND (ms, seq) < (?, ?)',
        conversationId,
        oldestKept.ms,
        oldestKept.seq,
      );
  }

  private lastId(): [number, number] {
    const raw = this.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', LAST_INBOX_ID)?.value;
    const [ms = 0, seq = 0] = (raw ?? '0-0').split('-').map(Number);
    return [ms, seq];
  }

  private putLastId(id: string): void {
    this.run(
      'INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      LAST_INBOX_ID,
      id,
    );
  }
}
