import type { Bot } from './bot.ts';
import type { Clock } from './clock.ts';
import type { PushTarget } from './types.ts';
import type { Engine } from '../engine/types.ts';
import type { Route } from '../http/router.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';

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

/**
 * Builds the adapters whose credentials are configured; the app composes what it returns. May be
 * async, so a platform's module (and its SDK) is loaded only when it is configured.
 */
export type AdapterFactory<C> = (config: C, deps: AdapterDeps) => AdapterSetOf | Promise<AdapterSetOf>;
type AdapterSetOf = { adapters: Adapter[]; off: { platform: string; reason: string }[] };
