/**
 * The embedded store's rate-limit counters, kept in memory only: losing a minute's count on restart
 * is harmless, and keeping them off the journal saves an fsync on every message.
 */
export class RateWindows {
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();

  /** Counts a hit in the key's window (which the first hit starts) and returns the count so far. */
  hit(key: string, windowMs: number, now: number): number {
    const entry = this.windows.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.windows.set(key, { count: 1, expiresAt: now + windowMs });
      // Swept only past a size worth sweeping, so a hit does not pay for a pass over every window.
      if (this.windows.size > 10_000) this.dropExpired(now);
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  private dropExpired(now: number): void {
    for (const [key, { expiresAt }] of this.windows) if (expiresAt <= now) this.windows.delete(key);
  }
}
