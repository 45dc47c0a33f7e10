export type { Adapter, AdapterDeps } from '../src/core/adapter.ts';

/** Webhook bodies are small JSON; anything near this is not a real update. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
