/**
 * Tracks work started by deliveries so shutdown can wait for it, and bounds how long a webhook
 * response waits: platforms redeliver when we answer late, so we answer in time and finish after.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything tracked so far (and started meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/**
 * Waits for `work` at most `ms`; `work` goes on either way. Rejections still reach the caller when
 * they happen in time; late ones are the work's own business (it handles its errors itself).
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Rejects with `onTimeout()` when `work` takes longer than `ms`. For clients that take no abort
 * signal (the LINE SDK): the call is abandoned, not cancelled, and a hung platform cannot hold an
 * update, or shutdown, for longer.
 */
export async function within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
