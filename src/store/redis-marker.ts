import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Something about Redis an operator must hear of: it lost its data, or it is set up to lose it. */
export interface RedisAlert {
  kind: 'state_lost' | 'no_persistence' | 'marker_created';
  message: string;
}

/**
 * Notices a Redis that came back empty. A Redis without persistence (`--save ''`, no AOF) that
 * restarts has lost every subscription and sent mark, yet answers PING as before. So the first
 * instance to start writes a marker key holding a random id, and every instance remembers the id it
 * found. On each (re)connection and each health check the marker is read again: gone, or holding
 * another id (an instance that noticed first wrote a new one), means the data went with it. That
 * verdict sticks until the bot restarts: health must not go back to ok over lost state.
 */
export class RedisMarker {
  private expected: string | null = null;
  private lost: string | null = null;
  private adoption: Promise<void> | null = null;

  constructor(
    private readonly client: Redis,
    private readonly key: string,
    private readonly alert: (alert: RedisAlert) => void,
  ) {}

  /** Why the store's state cannot be trusted, or null while it can. */
  get lostState(): string | null {
    return this.lost;
  }

  /**
   * Run on every 'ready': the first time takes (or writes) the marker, later times check it. The
   * first call's promise is shared, so whoever waits for readiness waits for the same adoption.
   */
  onConnected(): Promise<void> {
    if (this.expected !== null) return this.check();
    if (this.adoption === null) {
      const adoption = this.adopt().then(() => this.checkPersistence());
      // A failed adoption (Redis went away again) is retried at the next connection.
      adoption.catch(() => {
        if (this.adoption === adoption) this.adoption = null;
      });
      this.adoption = adoption;
    }
    return this.adoption;
  }

  /** Reads the marker again (a health check); records and reports a loss. */
  async check(): Promise<void> {
    if (this.expected === null || this.lost !== null) return;
    const found = await this.client.get(this.key);
    if (found === this.expected) return;
    this.lost =
      `redis lost its data: the marker key ${this.key} written at start is ${found === null ? 'gone' : 'replaced'}, ` +
      'so subscriptions and reminder marks from before are gone too; give Redis persistence (appendonly yes), ' +
      'restore its data if you can, then restart the bot';
    this.alert({ kind: 'state_lost', message: this.lost });
    // A new marker, so other instances find a different id and notice too.
    if (found === null) await this.client.set(this.key, randomUUID(), 'NX');
  }

  private async adopt(): Promise<void> {
    const id = randomUUID();
    const created = (await this.client.set(this.key, id, 'NX')) === 'OK';
    this.expected = created ? id : await this.client.get(this.key);
    if (created)
      this.alert({
        kind: 'marker_created',
        message:
          `wrote the marker key ${this.key}: this Redis held no bot state under this prefix ` +
          '(a first start, or a Redis that lost its data while no bot ran)',
      });
  }

  private async checkPersistence(): Promise<void> {
    const info = await this.client.info('persistence');
    if (/^aof_enabled:1\b/m.test(info)) return;
    this.alert({
      kind: 'no_persistence',
      message:
        'redis runs without AOF (appendonly no): a restart loses what was written since its last snapshot, ' +
        "or everything if snapshots are off (--save ''); production Redis needs appendonly yes",
    });
  }
}
