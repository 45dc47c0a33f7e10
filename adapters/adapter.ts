import type { Config } from '../src/config.ts';
import type { Adapter, AdapterDeps } from '../src/core/adapter.ts';

export type { Adapter, AdapterDeps } from '../src/core/adapter.ts';

/** Webhook bodies are small JSON; anything near this is not a real update. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * One platform as the list of platforms (adapters/index.ts) sees it: its adapter built from the
 * configuration, or the reason it is off (its variables are not set). The adapter's module, and so
 * its SDK, is imported only when the platform is on: the SDKs together cost ~38 MiB of memory and
 * a good share of start-up, which a server without them never needs.
 */
export interface Platform {
  readonly name: string;
  fromConfig(config: Config, deps: AdapterDeps): Promise<Adapter | { off: string }>;
}
