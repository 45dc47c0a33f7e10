/** Records what a fake platform received and lets a test wait for it without sleeping. */
export class Recorder<Call> {
  readonly calls: Call[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private readonly listeners: ((call: Call) => void)[] = [];

  /** Called with every call as it is recorded (the demo prints them). */
  onCall(listener: (call: Call) => void): void {
    this.listeners.push(listener);
  }

  protected record(call: Call): void {
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  /**
   * Resolves once `count` recorded calls satisfy `match`. The cap only turns a hang into a clear
   * failure; tests never depend on how long anything takes.
   */
  async waitFor(match: (call: Call) => boolean, count = 1, capMs = 60_000): Promise<Call[]> {
    const found = () => this.calls.filter(match);
    if (found().length >= count) return found();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`expected ${count} matching call(s), got ${found().length}`));
      }, capMs);
      this.waiters.push({
        test: () => found().length >= count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
    return found();
  }

  reset(): void {
    this.calls.length = 0;
  }
}
