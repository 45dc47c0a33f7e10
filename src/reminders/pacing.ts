import { PlatformError } from '../errors.ts';

/** The first pause after a failure that named no retry_after; each further failure doubles it. */
export const FIRST_BACKOFF_MS = 5_000;
/** The longest pause a platform gets from backoff (a 429's retry_after is taken as it is). */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * When each platform may be pushed to again. A 429 with retry_after pauses its platform until then
 * (Telegram Bot API `parameters.retry_after`, LINE's Retry-After); any other transient failure
 * (5xx, a network error, a push that ran past its deadline) pauses it with exponential backoff, so a
 * platform that is down costs one failed push per pause instead of one per subscriber, and the
 * other platforms are never held up by it. A delivered push ends the backoff. Times are ms on the
 * scheduler's clock.
 */
export class PlatformPacing {
  private readonly pausedUntil = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  isPaused(platform: string, now: number): boolean {
    return (this.pausedUntil.get(platform) ?? 0) > now;
  }

  delivered(platform: string): void {
    this.failures.delete(platform);
  }

  /** Records a transient failure; returns how long the platform is now left alone (ms). */
  failed(platform: string, error: unknown, now: number, atLeastMs = 0): number {
    const count = (this.failures.get(platform) ?? 0) + 1;
    this.failures.set(platform, count);
    const backoff = Math.min(FIRST_BACKOFF_MS * 2 ** (count - 1), MAX_BACKOFF_MS);
    const retryAfter = error instanceof PlatformError ? error.retryAfterMs : null;
    const pauseMs = Math.max(retryAfter ?? backoff, atLeastMs);
    this.pausedUntil.set(platform, Math.max(this.pausedUntil.get(platform) ?? 0, now + pauseMs));
    return pauseMs;
  }
}

export type PushOutcome =
  { kind: 'delivered' } | { kind: 'failed'; error: unknown } | { kind: 'timed_out'; late: Promise<unknown> };

/**
 * When a push counts as run past its deadline: called as each push starts, with the push's
 * platform; the push times out if the returned promise resolves first. `settled` is aborted once the
 * push has settled, so whatever stands behind the deadline (a timer) can be dropped. The app uses
 * afterRealTime; a test passes a deadline it fires itself, so no outcome depends on machine speed.
 */
export type PushDeadline = (platform: string, settled: AbortSignal) => Promise<void>;

/** A deadline `ms` milliseconds of real time after the push started (the timer never holds the process). */
export function afterRealTime(ms: number): PushDeadline {
  return (_platform, settled) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      settled.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
}

/**
 * Waits for a push until its deadline passes. A push still running then is not abandoned: its late
 * outcome is returned as a promise that resolves when it is delivered and rejects when it fails, so
 * the caller can still record it.
 */
export async function pushWithin(
  push: Promise<void>,
  platform: string,
  deadline: PushDeadline,
): Promise<PushOutcome> {
  const settled = new AbortController();
  const timeout = deadline(platform, settled.signal).then(() => 'timeout' as const);
  try {
    const first = await Promise.race([push.then(() => 'delivered' as const), timeout]);
    return first === 'timeout' ? { kind: 'timed_out', late: push } : { kind: 'delivered' };
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    settled.abort();
  }
}
