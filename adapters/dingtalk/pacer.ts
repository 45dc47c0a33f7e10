/**
 * Spaces out proactive sends so DingTalk never has to throttle them: at most `perConversation`
 * sends to one conversation within `windowMs`, and at least `spacingMs` between any two sends of
 * the app. A send over the limit waits for its turn; none is dropped.
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

export class Pacer {
  private readonly sent = new Map<string, number[]>();
  private queue: Promise<void> = Promise.resolve();
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a send to `conversationId` may go, and counts it as sent. Calls take turns. */
  turn(conversationId: string): Promise<void> {
    const mine = this.queue.then(() => this.waitFor(conversationId));
    this.queue = mine.catch(() => undefined);
    return mine;
  }

  private async waitFor(conversationId: string): Promise<void> {
    const { perConversation, windowMs, spacingMs } = this.options;
    for (;;) {
      const now = this.now();
      const recent = (this.sent.get(conversationId) ?? []).filter((t) => t > now - windowMs);
      this.sent.set(conversationId, recent);
      const waitConversation = recent.length >= perConversation ? (recent[0] ?? now) + windowMs - now : 0;
      const waitApp = this.lastAt + spacingMs - now;
      const wait = Math.max(waitConversation, waitApp, 0);
      if (wait === 0) {
        recent.push(now);
        this.lastAt = now;
        return;
      }
      await this.sleep(wait);
    }
  }
}
