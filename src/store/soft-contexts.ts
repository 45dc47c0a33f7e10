/** One follow-up context as stored: its JSON (already validated) and when it expires (ms). */
export interface ContextRow {
  conversationId: string;
  json: string;
  expiresAt: number;
}

export interface SoftContextsOptions {
  /** Writes rows in one transaction; throws when the store refuses (they stay pending). */
  write: (rows: ContextRow[]) => void;
  /** The store's clock (epoch ms): an expired context is not written. */
  now: () => number;
  /** Told when a background write failed; the rows are tried again at the next one. */
  onError: (error: unknown) => void;
  /** How long a changed context may wait before it is written (ms); default 1,000. */
  flushAfterMs?: number;
  /** How many conversations are kept in memory; past it the least recent go (written first). */
  capacity?: number;
  /**
   * How many characters of context JSON are kept in memory in all (default 2,000,000: ~4 MiB of
   * strings at two bytes a Han character); past it the least recent go, as past `capacity`. A
   * context's size follows the question that made it (its topic words, the tasks it listed), so
   * the count alone does not bound the memory.
   */
  maxChars?: number;
}

/**
 * One conversation's context: its JSON, and the object it encodes once someone asked for it (the
 * object a turn wrote, or the JSON decoded at its first read). Handing out that one object turn
 * after turn spares a decode per turn, and lets the answer cache find its key by object.
 */
interface Entry {
  json: string | null;
  value: unknown;
  expiresAt: number;
}

/** Default `maxChars`: 10,000 contexts of ~200 characters, the usual size, fit in a tenth of it. */
export const CONTEXT_CHARS_IN_MEMORY = 2_000_000;

/**
 * Follow-up contexts are soft state: losing one costs a follow-up its referent ("它什么时候截止"
 * then asks which task), nothing the user was told is kept. So the embedded store keeps them in
 * memory and writes the changed ones to store.db in one transaction at most a second later (and at
 * close), rather than commit once per conversation turn: that commit (a WAL append, POSIX locks,
 * and every 256 pages a checkpoint with two fsyncs) cost more than answering the question. A kill -9
 * or an OOM loses at most the last second's changes; SIGTERM loses none. One process owns DATA_DIR
 * (the server lock), so this memory is never stale. Subscriptions, marks and the inbox stay durable.
 */
export class SoftContexts {
  /** Insertion order is recency: a read or write moves the entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Set<string>();
  /** The JSON characters `entries` holds (kept in step with every set and delete). */
  private chars = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SoftContextsOptions) {}

  /**
   * The context's JSON; null when there is none (or it expired); undefined when this memory does
   * not know (read store.db, then `remember` what it said).
   */
  get(conversationId: string, now: number): string | null | undefined {
    const entry = this.live(conversationId, now);
    return entry == null ? entry : entry.json;
  }

  /**
   * As {@link get}, but the context as an object: the one `set` or `remember` was given, else its
   * JSON decoded by `decode` once and kept. The caller must not mutate it (it is shared).
   */
  read<T>(conversationId: string, now: number, decode: (json: string) => T): T | null | undefined {
    const entry = this.live(conversationId, now);
    if (entry == null || entry.json === null) return entry === undefined ? undefined : null;
    entry.value ??= decode(entry.json);
    return entry.value as T;
  }

  /** The entry, made the most recent; null when it expired (and is forgotten); undefined: unknown. */
  private live(conversationId: string, now: number): Entry | null | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    this.entries.delete(conversationId);
    if (entry.expiresAt <= now) {
      // Expired is expired in store.db too: the sweep deletes it there.
      this.chars -= entry.json?.length ?? 0;
      this.pending.delete(conversationId);
      return null;
    }
    this.entries.set(conversationId, entry);
    return entry;
  }

  /** What store.db holds for a conversation this memory did not know (null: nothing). */
  remember(conversationId: string, json: string | null, expiresAt: number, value?: unknown): void {
    if (json === null) return; // unknown chat ids are not worth a slot
    this.put(conversationId, json, expiresAt, value);
    this.trim();
  }

  /** A turn's new context, as JSON and (optionally) the object it encodes; written within a second. */
  set(conversationId: string, json: string, expiresAt: number, value?: unknown): void {
    this.put(conversationId, json, expiresAt, value);
    this.pending.add(conversationId);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushAfterMs ?? 1_000).unref();
    this.trim();
  }

  /** Writes every pending context now; on failure they stay pending and the error is reported. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const rows: ContextRow[] = [];
    const now = this.options.now();
    for (const conversationId of this.pending) {
      const entry = this.entries.get(conversationId);
      if (entry?.json && entry.expiresAt > now)
        rows.push({ conversationId, json: entry.json, expiresAt: entry.expiresAt });
    }
    try {
      this.options.write(rows);
      this.pending.clear();
    } catch (e) {
      this.options.onError(e);
      this.timer = setTimeout(() => this.flush(), this.options.flushAfterMs ?? 1_000).unref();
    }
  }

  /** Stops the timer; what is pending is the caller's to flush first. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sets the entry as the most recent, keeping the character count. */
  private put(conversationId: string, json: string, expiresAt: number, value: unknown): void {
    const old = this.entries.get(conversationId);
    if (old) {
      this.chars -= old.json?.length ?? 0;
      this.entries.delete(conversationId);
    }
    this.entries.set(conversationId, { json, value, expiresAt });
    this.chars += json.length;
  }

  private trim(): void {
    const capacity = this.options.capacity ?? 10_000;
    const maxChars = this.options.maxChars ?? CONTEXT_CHARS_IN_MEMORY;
    const over = () => this.entries.size > capacity || this.chars > maxChars;
    if (!over()) return;
    // The oldest may be pending: write them all first, so forgetting one loses nothing.
    if (this.pending.size > 0) this.flush();
    for (const [conversationId, entry] of this.entries) {
      if (!over()) break;
      if (this.pending.has(conversationId)) continue; // the write failed: keep it until it lands
      this.entries.delete(conversationId);
      this.chars -= entry.json?.length ?? 0;
    }
  }
}
