import type { Store } from '../store/types.ts';
import { sendJson, type Route } from './router.ts';

export interface HealthSources {
  /** Running platform adapters and how they receive updates. */
  adapters: () => { platform: string; mode: string }[];
  /** Platforms left off, with the reason (missing credentials). */
  off: () => { platform: string; reason: string }[];
  store: Store;
}

/** A store that does not answer this fast is reported as down; health must answer quickly. */
const STORE_PING_MS = 500;

/**
 * GET /healthz: 200 whenever the process serves requests, since questions are answered even when
 * the store is down. The body says which adapters run and whether the store answers.
 */
export function healthRoute(sources: HealthSources): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
      sendJson(res, 200, {
        status: 'ok',
        adapters: sources.adapters(),
        off: sources.off(),
        store: { kind: sources.store.kind, ok: await pings(sources.store) },
      });
    },
  };
}

async function pings(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PING_MS);
  });
  try {
    return await Promise.race([store.ping().then(() => true), timeout]);
  } catch {
    return false; // the answer is the report: "ok: false"
  } finally {
    clearTimeout(timer);
  }
}
