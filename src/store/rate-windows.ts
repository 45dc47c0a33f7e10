/** The most windows kept at once; past it the oldest window is forgotten (its count starts over). */
export const MAX_RATE_WINDOWS = 50_000;

interface Window {
  key: string;
  count: number;
  startedAt: number;
  expiresAt: number;
}

/**
 * The windows of one length: by key, and in the order they started, which for one length is the
 * order they expire in. The queue is an array with a moving head (not a Map iterated from its
 * start: V8 leaves deleted Map entries in place until it rehashes, so finding the first live entry
 * of a Map that is deleted from the front costs as much as the deletions before it).
 */
class Lane {
  readonly byKey = new Map<string, Window>();
  private queue: Window[] = [];
  private head = 0;

  /** The oldest window still kept; stale queue entries (a key whose window restarted) are skipped. */
  oldest(): Window | null {
    while (this.head < this.queue.length) {
      const first = this.queue[this.head]!;
      if (this.byKey.get(first.key) === first) return first;
      this.advance();
    }
    return null;
  }

  add(window: Window): void {
    this.byKey.set(window.key, window);
    this.queue.push(window);
  }

  /** Forgets the oldest window (which oldest() just returned). */
  dropOldest(): void {
    const first = this.oldest();
    if (first) this.byKey.delete(first.key);
    this.advance();
  }

  private advance(): void {
    this.head += 1;
    // Drop the consumed front now and then, so the array stays about as long as the live windows.
    if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The embedded store's rate-limit counters, in memory only: losing a minute's count on restart is
 * harmless, and keeping them off the disk saves a write on every message.
 *
 * O(1) per hit on average, and bounded: each hit first forgets the windows of its length that have
 * expired, from the front of that length's queue (each window is forgotten once, so this costs O(1)
 * per hit over time, however many windows are live or how random the ids are). Past `maxWindows`
 * live windows the oldest is dropped, so a flood of new ids costs bounded memory; what it costs
 * instead is that the oldest counts start over, which limits per client address are there to stop.
 */
export class RateWindows {
  private readonly lanes = new Map<number, Lane>();
  private size = 0;

  constructor(private readonly maxWindows = MAX_RATE_WINDOWS) {}

  /** Counts a hit in the key's window (which the first hit starts) and returns the count so far. */
  hit(key: string, windowMs: number, now: number): number {
    let lane = this.lanes.get(windowMs);
    if (!lane) {
      lane = new Lane();
      this.lanes.set(windowMs, lane);
    }
    for (let first = lane.oldest(); first && first.expiresAt <= now; first = lane.oldest()) {
      lane.dropOldest();
      this.size -= 1;
    }
    const window = lane.byKey.get(key);
    if (window && window.expiresAt > now) {
      window.count += 1;
      return window.count;
    }
    if (!window) this.size += 1;
    lane.add({ key, count: 1, startedAt: now, expiresAt: now + windowMs });
    if (this.size > this.maxWindows) this.dropOldest();
    return 1;
  }

  /** How many windows are kept (for tests and metrics). */
  get windowCount(): number {
    return this.size;
  }

  /** Drops the window that started first, across the (few) window lengths in use. */
  private dropOldest(): void {
    let oldest: { lane: Lane; startedAt: number } | null = null;
    for (const lane of this.lanes.values()) {
      const first = lane.oldest();
      if (first && (!oldest || first.startedAt < oldest.startedAt))
        oldest = { lane, startedAt: first.startedAt };
    }
    if (oldest) {
      oldest.lane.dropOldest();
      this.size -= 1;
    }
  }
}
