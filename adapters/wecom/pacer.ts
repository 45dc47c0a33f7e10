/** At most `max` messages to one recipient in any `windowMs`. */
export interface RateWindow {
  windowMs: number;
  max: number;
}

/**
 * WeCom's limits per member for one application: 30 messages a minute and 1000 an hour. Past them
 * WeCom drops a message silently (message/send still answers ok), so a sender must stay under them
 * itself. Source: 发送应用消息 频率限制 (developer.work.weixin.qq.com/document/path/90236, 90312).
 */
export const WECOM_MEMBER_LIMITS: RateWindow[] = [
  { windowMs: 60_000, max: 30 },
  { windowMs: 3_600_000, max: 1000 },
];

/**
 * Paces messages per recipient under sliding windows (see run()). State is per process: recipients whose windows are empty are forgotten, so it stays
 * bounded by the recipients of the last hour.
 */
export class Pacer {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly longest: number;

  constructor(
    private readonly windows: RateWindow[] = WECOM_MEMBER_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(...windows.map((w) => w.windowMs));
  }

  /** How long a message to `recipient` would wait now (ms), without taking a slot. */
  waitMs(recipient: string): number {
    const times = this.prune(recipient);
    const at = this.now();
    let wait = 0;
    for (const { windowMs, max } of this.windows) {
      const inWindow = times.filter((t) => t > at - windowMs);
      if (inWindow.length >= max) {
        const oldest = inWindow[inWindow.length - max] ?? at;
        wait = Math.max(wait, oldest + windowMs - at + 1);
      }
    }
    return wait;
  }

  /**
   * Runs `send` once one more message to `recipient` fits in every window, and counts it at the
   * moment `send` finished: the platform counted it somewhere between the request and its answer,
   * so counting at the answer keeps the next message out of its window whatever the latency.
   * Sends to one recipient run one at a time, in call order.
   */
  run<T>(recipient: string, send: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(recipient) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (let wait = this.waitMs(recipient); wait > 0; wait = this.waitMs(recipient)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      try {
        return await send();
      } finally {
        const times = this.sent.get(recipient) ?? [];
        times.push(this.now());
        this.sent.set(recipient, times);
      }
    });
    const tail = turn.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(recipient, tail);
    void tail.then(() => {
      if (this.queues.get(recipient) === tail) this.queues.delete(recipient);
    });
    return turn;
  }

  private prune(recipient: string): number[] {
    const times = this.sent.get(recipient) ?? [];
    const horizon = this.now() - this.longest;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= horizon) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.sent.delete(recipient);
    return times;
  }
}
