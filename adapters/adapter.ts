import type { Bot } from '../src/core/bot.ts';
import type { Clock } from '../src/core/clock.ts';
import type { PushTarget } from '../src/core/types.ts';
import type { Engine } from '../src/engine/types.ts';
import type { Route } from '../src/http/router.ts';
import type { Logger } from '../src/log.ts';
import type { Store } from '../src/store/types.ts';

/** What every platform adapter gets from the app: the conversation turn and what it needs around it. */
export interface AdapterDeps {
  bot: Bot;
  /** Inline search (Telegram) asks the engine directly: no conversation, no context. */
  engine: Engine;
  clock: Clock;
  /** De-duplication of deliveries (markSeen). */
  store: Store;
  logger: Logger;
}

/** One chat platform. Adding a platform means one folder under adapters/ that exports one of these. */
export interface Adapter {
  readonly platform: string;
  /** "webhook" or "polling": shown by /healthz and the start-up log. */
  readonly mode: 'webhook' | 'polling';
  /** HTTP routes to mount on the one server (none for polling). */
  routes(): Route[];
  readonly pushTarget: PushTarget;
  /** Talks to the platform once (bot identity, command list) and starts polling if polling. */
  start(): Promise<void>;
  /** Stops taking updates and waits for the ones in flight. */
  stop(): Promise<void>;
}

/** Seen-set lifetime for delivery ids: platforms redeliver for hours, not days. */
export const DELIVERY_DEDUP_TTL_MS = 24 * 60 * 60_000;
/** Webhook bodies are small JSON; anything near this is not a real update. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
