import type { PushTarget, Reply } from '../../src/core/types.ts';

export interface Push {
  conversationId: string;
  reply: Reply;
  retryKey: string;
}

type Outcome =
  { kind: 'fail'; error: Error } | { kind: 'hang' } | { kind: 'run'; action: () => Promise<void> };

/**
 * The platform side of a push, standing in for Telegram or LINE: it records what it accepts and
 * plays scripted failures, so the scheduler's handling of them can be observed.
 */
export class RecordingPushTarget implements PushTarget {
  readonly attempts: Push[] = [];
  readonly delivered: Push[] = [];
  private readonly script: Outcome[] = [];

  constructor(readonly platform: string) {}

  /** The next push throws `error`. */
  failNext(error: Error): this {
    this.script.push({ kind: 'fail', error });
    return this;
  }

  /** The next push never settles, as when the process dies mid-send. */
  hangNext(): this {
    this.script.push({ kind: 'hang' });
    return this;
  }

  /** The next push is delivered, then `action` runs before the push returns. */
  deliverThen(action: () => Promise<void>): this {
    this.script.push({ kind: 'run', action });
    return this;
  }

  async push(conversationId: string, reply: Reply, options: { retryKey: string }): Promise<void> {
    const push = { conversationId, reply, retryKey: options.retryKey };
    this.attempts.push(push);
    const outcome = this.script.shift();
    if (outcome?.kind === 'fail') throw outcome.error;
    if (outcome?.kind === 'hang') return new Promise<void>(() => undefined);
    this.delivered.push(push);
    if (outcome?.kind === 'run') await outcome.action();
  }
}
