import { Pool } from 'undici';

/**
 * undici's connection pool for LINE's origin, in a module of its own so that reply-client.ts can
 * load undici at the first reply (`await import('./reply-pool.ts')`). A static import here lets
 * the bundler keep undici's CommonJS exports as named ones: `(await import('undici')).Pool` was
 * undefined in the esbuild bundle, where it works under Node's own loader.
 */
export function replyPool(origin: string, timeoutMs: number): Pool {
  return new Pool(origin, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}
