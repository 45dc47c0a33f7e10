import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/errors.ts';
import { FIRST_BACKOFF_MS, MAX_BACKOFF_MS, PlatformPacing, pushWithin } from '../../src/reminders/pacing.ts';

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
    expect(await pushWithin(Promise.resolve(), 1_000)).toEqual({ kind: 'delivered' });
    expect(await pushWithin(Promise.reject(serverError), 1_000)).toEqual({
      kind: 'failed',
      error: serverError,
    });
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const outcome = await pushWithin(slow, 10);
    expect(outcome.kind).toBe('timed_out');
    finish();
    if (outcome.kind === 'timed_out') await expect(outcome.late).resolves.toBeUndefined();
  });
});
