import type { DeliveryResult } from '../src/core/delivery.ts';

/**
 * Rejects with `onTimeout()` when `work` takes longer than `ms`. For clients that take no abort
 * signal (the LINE SDK): the call is abandoned, not cancelled, and a hung platform cannot hold an
 * update, or shutdown, for longer. One promise and one timer per call (every reply goes through
 * here): no async wrapper, timeout promise or Promise.race around them.
 */
export function within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The status a webhook answers once its deliveries settled, or after `ms` if they have not (they
 * go on; the platform must not count us as down and redeliver). 503 when another instance holds
 * an update (the platform comes back later, when that holder is done or dead), 500 when one failed
 * and nothing reached the user (its lease was dropped, so the redelivery is answered), else 200.
 * Rejects when `results` does. One promise and one (unref'd) timer per request.
 */
export function webhookStatus(results: Promise<DeliveryResult[]>, ms: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => resolve(200), ms);
    timer.unref();
    results.then(
      (settled) => {
        clearTimeout(timer);
        resolve(statusOf(settled));
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function statusOf(settled: DeliveryResult[]): number {
  if (settled.some((r) => r.outcome === 'busy')) return 503;
  if (settled.some((r) => r.outcome === 'failed')) return 500;
  return 200;
}

/** Retry-After as milliseconds (delay-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined): number | null {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}
