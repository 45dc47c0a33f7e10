/**
 * The embedded store's tables (SQLite). Times are epoch milliseconds on the store's clock; values
 * other code defines (a context, a subscription, a status, an inbox message) are JSON text, checked
 * against schemas.ts when read, as the Redis store does. PRAGMA user_version holds SCHEMA_VERSION;
 * a later version adds a step to sqlite-open.ts's migrateSchema.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
-- Small facts about the store itself: the last inbox id issued, the journal it was migrated from.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE contexts (
  conversation_id TEXT PRIMARY KEY,
  context TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX contexts_by_expiry ON contexts (expires_at);

CREATE TABLE seen (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX seen_by_expiry ON seen (expires_at);

CREATE TABLE deliveries (
  key TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('leased', 'done')),
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX deliveries_by_expiry ON deliveries (expires_at);

-- target_key is schemas.ts's targetKey(target), from which the target is read back; seq orders a
-- conversation's subscriptions as they were made.
CREATE TABLE subscriptions (
  conversation_id TEXT NOT NULL,
  target_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, target_key)
) WITHOUT ROWID;

CREATE TABLE subscriber_status (conversation_id TEXT PRIMARY KEY, status TEXT NOT NULL) WITHOUT ROWID;

-- A claim (sent = 0) expires; a sent mark (sent = 1, expires_at NULL) is for good.
CREATE TABLE reminders (
  key TEXT PRIMARY KEY,
  sent INTEGER NOT NULL CHECK (sent IN (0, 1)),
  expires_at INTEGER,
  CHECK ((sent = 1) = (expires_at IS NULL))
) WITHOUT ROWID;
CREATE INDEX reminder_claims_by_expiry ON reminders (expires_at) WHERE sent = 0;

-- An item's id is "<ms>-<seq>", ordered by (ms, seq), as in a Redis stream.
CREATE TABLE inbox (
  conversation_id TEXT NOT NULL,
  ms INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  message TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, ms, seq)
) WITHOUT ROWID;
CREATE INDEX inbox_by_expiry ON inbox (expires_at);
`;

/** Tables whose rows carry expires_at and are swept once expired (reminders: claims only). */
export const EXPIRING = ['contexts', 'seen', 'deliveries', 'inbox'] as const;
