import type { Store } from '../../src/store/types.ts';

/** The Store methods that change state: each call is (at least) one write to disk or to Redis. */
const WRITES = new Set<string>([
  'setContext',
  'markSeen',
  'hit',
  'addSubscription',
  'removeSubscriptions',
  'setSubscriberStatus',
  'claimReminder',
  'markReminderSent',
  'markRemindersSent',
  'releaseReminderClaim',
  'appendInbox',
  'beginDelivery',
  'finishDelivery',
  'abandonDelivery',
]);

export interface StoreCalls {
  writes: number;
  reads: number;
  /** Calls per method name, for a failure message that says what was written. */
  byMethod: Record<string, number>;
  reset(): void;
}

/**
 * A real store seen through a counter: every call goes to `store` unchanged, and is counted as a
 * write or a read, so a test can say what a tick costs the store.
 */
export function countingStore(store: Store): { store: Store; calls: StoreCalls } {
  const calls: StoreCalls = {
    writes: 0,
    reads: 0,
    byMethod: {},
    reset() {
      this.writes = 0;
      this.reads = 0;
      this.byMethod = {};
    },
  };
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        if (WRITES.has(name)) calls.writes += 1;
        else if (name !== 'ping' && name !== 'close') calls.reads += 1;
        calls.byMethod[name] = (calls.byMethod[name] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, calls };
}
