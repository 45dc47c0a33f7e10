import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/errors.ts';
import {
  FIRST_BACKOFF_MS,
  MAX_BACKOFF_MS,
  PlatformPacing,
  afterRealTime,
  pushWithin,
  type PushDeadline,
} from '../../src/reminders/pacing.ts';

const serverError = new PlatformError('telegram', true, 'Telegram sendMessage: 500 Internal Server Error');

describe('platform pacing', () => {
  it('pauses a platform after a 5xx with a backoff that doubles up to a cap, and ends it on delivery', () => {
    const pacing = new PlatformPacing();
    expect(pacing.failed('telegram', serverError, 0)).toBe(FIRST_BACKOFF_MS);
    expect(pacing.isPaused('telegram', FIRST_BACKOFF_MS - 1)).toBe(true);
    expect(pacing.isPaused('telegram', FIRST_BACKOFF_MS)).toBe(false);
    expect(pacing.isPaused('line', 0)).toBe(false);
    expect(pacing.failed('telegram', serverError, 0)).toBe(2 * FIRST_BACKOFF_MS);
    for (let i = 0; i < 20; i++) pacing.failed('telegram', serverError, 0);
    expect(pacing.failed('telegram', serverError, 0)).toBe(MAX_BACKOFF_MS);
    pacing.delivered('telegram');
    expect(pacing.failed('telegram', serverError, 10 * MAX_BACKOFF_MS)).toBe(FIRST_BACKOFF_MS);
  });

  it("takes a 429's retry_after as it is, and never shortens a pause already running", () => {
    const pacing = new PlatformPacing();
    const limited = new PlatformError('line', true, 'LINE 429', { retryAfterMs: 600_000 });
    expect(pacing.failed('line', limited, 0)).toBe(600_000);
    pacing.failed('line', serverError, 0);
    expect(pacing.isPaused('line', 599_999)).toBe(true);
  });

  it('gives a push its deadline, and hands back its late outcome', async () => {
    const never: PushDeadline = () => new Promise<void>(() => undefined);
    expect(await pushWithin(Promise.resolve(), 'line', never)).toEqual({ kind: 'delivered' });
    expect(await pushWithin(Promise.reject(serverError), 'telegram', never)).toEqual({
      kind: 'failed',
      error: serverError,
    });
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    let askedFor = '';
    const passed: PushDeadline = (platform) => {
      askedFor = platform;
      return Promise.resolve();
    };
    const outcome = await pushWithin(slow, 'telegram', passed);
    expect(askedFor).toBe('telegram');
    expect(outcome.kind).toBe('timed_out');
    finish();
    if (outcome.kind === 'timed_out') await expect(outcome.late).resolves.toBeUndefined();
  });

  it('times a push out after the given real time only while it has not settled', async () => {
    const settled = new AbortController();
    // The slow push never settles: the 10 ms deadline is the only way out.
    await afterRealTime(10)('line', settled.signal);
    // Once the push has settled, the timer is dropped and the deadline never passes.
    const dropped = new AbortController();
    const deadline = afterRealTime(1)('line', dropped.signal);
    dropped.abort();
    const outcome = await Promise.race([
      deadline.then(() => 'passed'),
      new Promise<string>((resolve) => setTimeout(() => resolve('dropped'), 50)),
    ]);
    expect(outcome).toBe('dropped');
  });
});
