/**
 * Spaces out sends so DingTalk never has to throttle them: at most `perConversation` sends to one
 * conversation within `windowMs`, and at least `spacingMs` between the starts of any two sends of
 * the app. A send over the limit waits for its turn; none is dropped.
 *
 * A send counts from when it finished, not when it started: DingTalk received it at some moment in
 * between, so only the finish time is sure to be no earlier than DingTalk's own count. Counting
 * from the start would let network delay squeeze `perConversation + 1` sends into DingTalk's window.
 *
 * The figures: a robot may post 20 messages a minute to one group before DingTalk throttles it for
 * ten minutes (open.dingtalk.com, robot message frequency); the app-wide spacing keeps a burst of
 * reminders (every subscriber on the same morning) under the API's per-app QPS.
 */
export interface PacerOptions {
  perConversation: number;
  windowMs: number;
  spacingMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DINGTALK_PACE: PacerOptions = { perConversation: 20, windowMs: 60_000, spacingMs: 100 };

/** While every counted send to a conversation is still in flight, look again this often. */
const IN_FLIGHT_RECHECK_MS = 50;

export class Pacer {
  /** Per conversation: finish times of recent sends, and how many are in flight. */
  private readonly sends = new Map<string, { finished: number[]; inFlight: number }>();
  private queue: Promise<void> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `send` once it may go; calls take their turns in the order they were made. */
  async run<T>(conversationId: string, send: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.waitFor(conversationId));
    this.queue = turn.catch(() => undefined);
    await turn;
    const entry = this.entry(conversationId);
    try {
      return await send();
    } finally {
      entry.inFlight -= 1;
      entry.finished.push(this.now());
    }
  }

  /** How long a send to `conversationId` would wait now (ms), without taking a turn. */
  waitMs(conversationId: string): number {
    const { perConversation, windowMs, spacingMs } = this.options;
    const now = this.now();
    const entry = this.sends.get(conversationId) ?? { finished: [], inFlight: 0 };
    const finished = entry.finished.filter((t) => t > now - windowMs);
    const full = finished.length + entry.inFlight >= perConversation;
    const oldest = finished[0];
    const waitConversation = !full
      ? 0
      : oldest === undefined
        ? IN_FLIGHT_RECHECK_MS
        : oldest + windowMs - now;
    return Math.max(waitConversation, this.lastStart + spacingMs - now, 0);
  }

  private entry(conversationId: string): { finished: number[]; inFlight: number } {
    let entry = this.sends.get(conversationId);
    if (!entry) this.sends.set(conversationId, (entry = { finished: [], inFlight: 0 }));
    return entry;
  }

  private async waitFor(conversationId: string): Promise<void> {
    const { perConversation, windowMs, spacingMs } = this.options;
    const entry = this.entry(conversationId);
    for (;;) {
      const now = this.now();
      entry.finished = entry.finished.filter((t) => t > now - windowMs);
      const full = entry.finished.length + entry.inFlight >= perConversation;
      const oldest = entry.finished[0];
      const waitConversation = !full
        ? 0
        : oldest === undefined
          ? IN_FLIGHT_RECHECK_MS
          : oldest + windowMs - now;
      const wait = Math.max(waitConversation, this.lastStart + spacingMs - now, 0);
      if (wait === 0 && !full) {
        entry.inFlight += 1;
        this.lastStart = now;
        return;
      }
      await this.sleep(Math.max(wait, 1));
    }
  }
}
