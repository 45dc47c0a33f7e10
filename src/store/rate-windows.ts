/** The most windows kept at once; past it the oldest window is forgotten (its count starts over). */
export const MAX_RATE_WINDOWS = 50_000;

interface Window {
  count: number;
  expiresAt: number;
}

/**
 * The embedded store's rate-limit counters, in memory only: losing a minute's count on restart is
 * harmless, and keeping them off the disk saves a write on every message.
 *
 * O(1) per hit, and bounded: windows are kept per window length in a Map, whose iteration order is
 * insertion order. A window is (re)inserted when it starts, so within one length the first entry
 * is always the one that expires first, and each hit sweeps expired windows from the front: every
 * window is swept once, so the sweeping costs O(1) per hit on average, whatever the number of live
 * windows (random ids included). Past `maxWindows` live windows the oldest is dropped, so a flood
 * of new ids costs bounded memory; what it costs instead is that the oldest live counts restart,
 * which the limiters per client address exist to prevent.
 */
export class RateWindows {
  private readonly byLength = new Map<number, Map<string, Window>>();
  private size = 0;

  constructor(private readonly maxWindows = MAX_RATE_WINDOWS) {}

  /** Counts a hit in the key's window (which the first hit starts) and returns the count so far. */
  hit(key: string, windowMs: number, now: number): number {
    let windows = this.byLength.get(windowMs);
    if (!windows) {
      windows = new Map();
      this.byLength.set(windowMs, windows);
    }
    this.sweep(windows, now);
    const window = windows.get(key);
    if (window && window.expiresAt > now) {
      window.count += 1;
      return window.count;
    }
    if (window) this.forget(windows, key);
    windows.set(key, { count: 1, expiresAt: now + windowMs });
    this.size += 1;
    if (this.size > this.maxWindows) this.dropOldest();
    return 1;
  }

  /** How many windows are kept (for tests and metrics). */
  get windowCount(): number {
    return this.size;
  }

  /** Removes expired windows from the front, where the first to expire are. */
  private sweep(windows: Map<string, Window>, now: number): void {
    for (const [key, { expiresAt }] of windows) {
      if (expiresAt > now) return;
      this.forget(windows, key);
    }
  }

  /** Drops the window that started first among all lengths' oldest ones. */
  private dropOldest(): void {
    let oldest: { windows: Map<string, Window>; key: string; startedAt: number } | null = null;
    for (const [length, windows] of this.byLength) {
      const first = windows.entries().next();
      if (first.done) continue;
      const [key, { expiresAt }] = first.value;
      const startedAt = expiresAt - length;
      if (!oldest || startedAt < oldest.startedAt) oldest = { windows, key, startedAt };
    }
    if (oldest) this.forget(oldest.windows, oldest.key);
  }

  private forget(windows: Map<string, Window>, key: string): void {
    if (windows.delete(key)) this.size -= 1;
  }
}
