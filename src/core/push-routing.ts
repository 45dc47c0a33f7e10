import type { PushTarget } from './types.ts';

/**
 * The routing rule for reminders, stated once. A conversation id is "<platform>:<id on that
 * platform>" ("telegram:-100123", "line:U4af…", "wecom:user:zhangsan", "web:abc"); the part before
 * the first colon names the platform, and the push target whose `platform` is that name delivers
 * to it. An adapter that mints conversation ids must prefix them with its own `platform`.
 */
export function platformOf(conversationId: string): string | null {
  const colon = conversationId.indexOf(':');
  return colon > 0 ? conversationId.slice(0, colon) : null;
}

/** The push target that delivers to this conversation, or null when its platform is not running. */
export function pushTargetFor(targets: Iterable<PushTarget>, conversationId: string): PushTarget | null {
  const platform = platformOf(conversationId);
  for (const target of targets) if (target.platform === platform) return target;
  return null;
}
