/**
 * Every key the Redis store uses, all under one prefix so several bots (or tests) can share one
 * Redis: <prefix>ctx:<conversation>, seen:<key>, rate:<key>, subs:<conversation> (a hash by target),
 * delivery:<key> ("leased" with a TTL while one instance handles a webhook update, then
 * "done" with a longer TTL), subscribers (a set of conversations), status:<conversation>, reminder:<key> ("claimed" with a TTL,
 * then "sent" for good), inbox:<conversation> (a stream capped at INBOX_MAX_ITEMS, living as long as
 * its newest item), marker (written once by the first instance to start; a Redis that comes back
 * without it has lost its data, see redis-marker.ts).
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  context(conversationId: string): string {
    return this.key('ctx', conversationId);
  }

  seen(key: string): string {
    return this.key('seen', key);
  }

  delivery(key: string): string {
    return this.key('delivery', key);
  }

  rate(key: string): string {
    return this.key('rate', key);
  }

  subscriptions(conversationId: string): string {
    return this.key('subs', conversationId);
  }

  subscribers(): string {
    return this.key('subscribers');
  }

  status(conversationId: string): string {
    return this.key('status', conversationId);
  }

  reminder(key: string): string {
    return this.key('reminder', key);
  }

  inbox(conversationId: string): string {
    return this.key('inbox', conversationId);
  }

  marker(): string {
    return this.key('marker');
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }
}
