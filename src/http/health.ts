import { describeError } from '../errors.ts';
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
 * the store is down. The body says which adapters run and whether the store answers; `status` is
 * "ok" only when it does, and "degraded" otherwise, with the store's `problem` (unreachable, or a
 * Redis that lost its data: see src/store/redis-marker.ts), so a monitor never reads ok over lost
 * state.
 */
export function healthRoute(sources: HealthSources): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
      const problem = await storeProblem(sources.store);
      sendJson(res, 200, {
        status: problem === null ? 'ok' : 'degraded',
        adapters: sources.adapters(),
        off: sources.off(),
        store: { kind: sources.store.kind, ok: problem === null, ...(problem === null ? {} : { problem }) },
      });
    },
  };
}

/** Null when the store answers a ping in time; otherwise what is wrong, in a sentence. */
async function storeProblem(store: Store): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer within ${STORE_PING_MS} ms`), STORE_PING_MS);
  });
  try {
    return await Promise.race([store.ping().then(() => null), timeout]);
  } catch (e) {
    // The answer is the report: "ok: false" with the reason (our own message, never a payload).
    return describeError(e).message;
  } finally {
    clearTimeout(timer);
  }
}
