import type { Config } from '../src/config.ts';
import type { Adapter, AdapterDeps, Platform } from './adapter.ts';
import { dingtalk } from './dingtalk/platform.ts';
import { line } from './line/platform.ts';
import { telegram } from './telegram/platform.ts';
import { wecom } from './wecom/platform.ts';

export type { Adapter, AdapterDeps } from './adapter.ts';

/**
 * Every chat platform, in the order /healthz lists them. Adding a platform is a folder under
 * adapters/ (exporting a Platform from its platform.ts) and one line here.
 */
export const PLATFORMS: readonly Platform[] = [telegram, line, wecom, dingtalk];

export interface AdapterSet {
  adapters: Adapter[];
  /** Platforms left off, and why: the start-up log and /healthz say so. */
  off: { platform: string; reason: string }[];
}

/** The adapters of every platform whose variables are set (each SDK loaded only then). */
export async function createAdapters(config: Config, deps: AdapterDeps): Promise<AdapterSet> {
  const set: AdapterSet = { adapters: [], off: [] };
  for (const platform of PLATFORMS) {
    const built = await platform.fromConfig(config, deps);
    if ('off' in built) set.off.push({ platform: platform.name, reason: built.off });
    else set.adapters.push(built);
  }
  return set;
}
