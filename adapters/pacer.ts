/** At most `max` messages to one recipient in any `windowMs`. */
export interface RateWindow {
  windowMs: number;
  max: number;
}

export interface PacerOptions {
  /** Per recipient: every window must have room for one more send before it goes. */
  windows: RateWindow[];
  /** At least this long (ms) between the starts of any two sends of the app; default 0. */
  spacingMs?: number;
  /** The clock (ms) and the wait; tests pass a clock that only moves when the pacer sleeps. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Spaces out an adapter's sends so the platform never drops or throttles one (WeCom drops a message
 * over its per-member limits silently; DingTalk throttles a robot for ten minutes): at most each
 * window's `max` sends to one recipient within its `windowMs`, and `spacingMs` between the starts of
 * any two sends of the app. A send over a limit waits for its turn; none is dropped.
 *
 * - Sends to one recipient run one at a time, in call order (the parts of a long answer arrive in
 *   order); a recipient waiting for its window never holds up another recipient.
 * - A send counts from when it finished, not when it started: the platform counted it somewhere in
 *   between, so only the finish time is sure to be no earlier than the platform's own count, whatever
 *   the network delay. A failed send counts too (the platform may have counted it).
 * - A send at time t is in a window until t + windowMs. State is per process: recipients whose
 *   windows are empty are forgotten, so it stays bounded by the recipients of the longest window.
 */
export class Pacer {
  /** Per recipient: finish times within the longest window, oldest first. */
  private readonly finished = new Map<string, number[]>();
  /** Per recipient: the end of its queue, and how many of its sends are queued or in flight. */
  private readonly queues = new Map<string, { tail: Promise<void>; pending: number }>();
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly longest: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.longest = Math.max(...options.windows.map((w) => w.windowMs));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * How long a send to `recipient` made now would wait (ms), without taking a turn. Sends already
   * queued for it or in flight count as if they finished now, so the figure is never too short.
   */
  waitMs(recipient: string): number {
    const now = this.now();
    const pending = this.queues.get(recipient)?.pending ?? 0;
    const times = [...this.recent(recipient, now), ...Array.from({ length: pending }, () => now)];
    return Math.max(windowWait(this.options.windows, times, now), this.startWait(now));
  }

  /** Runs `send` once one more send to `recipient` fits; hands back what it returned or threw. */
  run<T>(recipient: string, send: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(recipient) ?? { tail: Promise.resolve(), pending: 0 };
    this.queues.set(recipient, queue);
    queue.pending += 1;
    const turn = queue.tail.then(async () => {
      try {
        await this.waitForRoom(recipient);
        await this.takeStart();
        try {
          return await send();
        } finally {
          const times = this.finished.get(recipient) ?? [];
          times.push(this.now());
          this.finished.set(recipient, times);
        }
      } finally {
        queue.pending -= 1;
      }
    });
    const tail = turn.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = tail;
    void tail.then(() => {
      if (queue.pending === 0 && this.queues.get(recipient) === queue) this.queues.delete(recipient);
    });
    return turn;
  }

  private async waitForRoom(recipient: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = windowWait(this.options.windows, this.recent(recipient, now), now);
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  /** Takes the app's next start slot (spacingMs after the last one) and waits for it. */
  private async takeStart(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.lastStart + (this.options.spacingMs ?? 0));
    this.lastStart = at;
    if (at > now) await this.sleep(at - now);
  }

  private startWait(now: number): number {
    return Math.max(this.lastStart + (this.options.spacingMs ?? 0) - now, 0);
  }

  /** The recipient's finish times still inside the longest window (older ones are dropped). */
  private recent(recipient: string, now: number): number[] {
    const times = this.finished.get(recipient);
    if (!times) return [];
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - this.longest) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.finished.delete(recipient);
    return times;
  }
}

/** How long until every window has room for one more send, given the finish times `times` (ms). */
function windowWait(windows: RateWindow[], times: number[], now: number): number {
  let wait = 0;
  for (const { windowMs, max } of windows) {
    const inWindow = times.filter((t) => t > now - windowMs);
    if (inWindow.length < max) continue;
    // The send that must leave the window before one more fits.
    const leaving = inWindow[inWindow.length - max] ?? now;
    wait = Math.max(wait, leaving + windowMs - now);
  }
  return wait;
}
