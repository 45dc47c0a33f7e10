export type { Adapter, AdapterDeps } from '../src/core/adapter.ts';

/** Seen-set lifetime for delivery ids: platforms redeliver for hours, not days. */
export const DELIVERY_DEDUP_TTL_MS = 24 * 60 * 60_000;
/** Webhook bodies are small JSON; anything near this is not a real update. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
