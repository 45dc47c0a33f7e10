/** The fewest leases held before expired ones are swept out of the map all at once. */
export const LEASE_SWEEP_AT = 10_000;

interface Lease {
  /** Epoch ms, on the store's clock. */
  expiresAt: number;
  /** finishDelivery calls whose done mark is being written: while any is, the lease holds. */
  finishing: number;
}

/**
 * The embedded store's webhook delivery leases (Store.beginDelivery), in memory only.
 *
 * A lease only keeps two handlers of one update apart, and the only handlers are in this process:
 * the store is one process per DATA_DIR (the server lock), so a lease cannot outlive its process
 * whatever is done with it. Written to SQLite, each one cost a transaction on the event loop per
 * webhook event (about a tenth of the LINE path's CPU) for nothing a restart would keep.
 *
 * A lease whose done mark is being written (finishing) holds until that write has ended, even past
 * its expiry: the mark is on its way to store.db, and a redelivery let in meanwhile would be
 * answered twice.
 *
 * Bounded: an expired lease is forgotten when its key is next asked about, and when the map grows
 * past a bound (at least `minSweepAt`, else twice what the last sweep kept) every expired lease is
 * swept out. What stays are live leases, as many as updates arrive within a lease (~10 s), and
 * those being finished; sweeps cost O(1) per lease taken over time.
 */
export class DeliveryLeases {
  private readonly leases = new Map<string, Lease>();
  private sweepAt: number;

  constructor(private readonly minSweepAt = LEASE_SWEEP_AT) {
    this.sweepAt = minSweepAt;
  }

  /** 'finishing' while its done mark is being written; 'live' before expiresAt; else null. */
  state(key: string, now: number): 'live' | 'finishing' | null {
    const lease = this.leases.get(key);
    if (!lease) return null;
    if (lease.finishing > 0) return 'finishing';
    if (lease.expiresAt > now) return 'live';
    this.leases.delete(key);
    return null;
  }

  /** Takes the key's lease until `expiresAt` (epoch ms); call only when state() said null. */
  take(key: string, expiresAt: number, now: number): void {
    this.leases.set(key, { expiresAt, finishing: 0 });
    if (this.leases.size > this.sweepAt) this.sweep(now);
  }

  /** Drops the key's lease (abandonDelivery), unless its done mark is being written. */
  drop(key: string): void {
    if (this.leases.get(key)?.finishing === 0) this.leases.delete(key);
  }

  /**
   * The key's done mark is about to be written: its lease holds until `finished`. A key without a
   * lease (it expired, or was never taken here) gets one that holds only while the mark is written.
   */
  finishing(key: string, now: number): void {
    const lease = this.leases.get(key);
    if (lease) lease.finishing += 1;
    else this.leases.set(key, { expiresAt: now, finishing: 1 });
  }

  /**
   * The done mark's write ended. Once written, the lease goes (store.db says done from now on);
   * when it failed, the lease stays until it expires, so a redelivery meanwhile is still busy.
   */
  finished(key: string, written: boolean): void {
    const lease = this.leases.get(key);
    if (!lease || lease.finishing === 0) return;
    lease.finishing -= 1;
    if (lease.finishing === 0 && written) this.leases.delete(key);
  }

  /** How many leases the map holds, expired ones not yet swept included (for tests). */
  get size(): number {
    return this.leases.size;
  }

  /** Forgets every expired lease that is not being finished. */
  private sweep(now: number): void {
    for (const [key, lease] of this.leases)
      if (lease.finishing === 0 && lease.expiresAt <= now) this.leases.delete(key);
    this.sweepAt = Math.max(this.minSweepAt, 2 * this.leases.size);
  }
}
