import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { FORMAT_VERSION, RecordSchema, type JournalRecord } from './journal-records.ts';
import { targetKey } from './schemas.ts';
import type { Db } from './sqlite-open.ts';
import { SqliteInbox } from './sqlite-inbox.ts';
import { SqliteTables } from './sqlite-tables.ts';

/** The journal the embedded store kept before SQLite, and the pid lock file that guarded it. */
export const JOURNAL_FILE = 'store.jsonl';
const OLD_LOCK_FILE = 'store.lock';
/** Set in the same transaction as the import, so an import interrupted after it is never redone. */
const IMPORTED = 'journal_imported';

export interface JournalImport {
  /** Where the journal now is, renamed. */
  backup: string;
  records: number;
  subscriptions: number;
  /** Bytes of a torn final line (an append the old version never acknowledged) left out. */
  tornBytes: number;
}

/**
 * Migrates DATA_DIR/store.jsonl, if there is one, into the database: every record replayed in one
 * transaction (all of it or, on any failure, none), then the file renamed to a backup that is never
 * read again. A crash between the commit and the rename finishes the rename at the next start; the
 * records are never applied twice. A journal that cannot be trusted (a bad line before the end, no
 * header) stops start-up with the file and line named, and is left where it is.
 * Returns null when there was nothing to migrate.
 */
export async function importJournal(dir: string, db: Db, now: number): Promise<JournalImport | null> {
  const tables = new SqliteTables(db);
  const inbox = new SqliteInbox(db);
  const path = join(dir, JOURNAL_FILE);
  const content = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new StoreUnavailableError(`${path}: cannot be read`, { cause: e });
  });
  if (content === null) return null;

  let done = parseImported(tables.meta(IMPORTED));
  if (!done) {
    await refuseWhileOldServerRuns(dir);
    const { records, tornBytes } = parseJournal(path, content);
    const backup = await freeBackupName(path);
    const summary: JournalImport = {
      backup,
      records: records.length,
      subscriptions: 0,
      tornBytes,
    };
    db.transaction(() => {
      for (const record of records) replay(tables, inbox, record);
      summary.subscriptions = tables.countSubscriptions();
      tables.putMeta(IMPORTED, JSON.stringify({ ...summary, at: new Date(now).toISOString() }));
    }).immediate();
    done = summary;
  }
  try {
    await rename(path, done.backup);
    await rm(join(dir, OLD_LOCK_FILE), { force: true });
  } catch (e) {
    throw new StoreUnavailableError(`${path}: imported, but could not be renamed to ${done.backup}`, {
      cause: e,
    });
  }
  return done;
}

/** Applies one journal record as the old store's in-memory state did. Expired rows are swept later. */
function replay(tables: SqliteTables, inbox: SqliteInbox, record: JournalRecord): void {
  switch (record.t) {
    case 'header':
      return;
    case 'context':
      return tables.putContext(record.id, JSON.stringify(record.context), record.expiresAt);
    case 'seen':
      return tables.putSeen(record.key, record.expiresAt);
    case 'delivery':
      return tables.putDelivery(record.key, record.state, record.expiresAt);
    case 'abandon':
      return tables.dropLease(record.key);
    case 'subscribe': {
      const { conversationId, target, createdAt } = record.subscription;
      return tables.putSubscription({
        conversation_id: conversationId,
        target_key: targetKey(target),
        created_at: createdAt,
      });
    }
    case 'unsubscribe':
      tables.removeSubscriptions(record.conversationId, record.target ? targetKey(record.target) : null);
      return;
    case 'status':
      return tables.putStatus(record.status.conversationId, JSON.stringify(record.status));
    case 'claim':
      return tables.putClaim(record.key, record.expiresAt);
    case 'release':
      return tables.releaseClaim(record.key);
    case 'sent':
      return tables.markSent(record.key);
    case 'sentAll':
      for (const key of record.keys) tables.markSent(key);
      return;
    case 'inbox': {
      const { conversationId, id, message, expiresAt } = record;
      return inbox.putInboxItem(conversationId, id, message.key, JSON.stringify(message), expiresAt);
    }
  }
}

/**
 * The journal's records. Only the final line can be torn by a crash (each append was one write
 * ending in "\n"), so a tail without its newline was never acknowledged and is left out; a bad line
 * anywhere else is corruption.
 */
function parseJournal(path: string, content: Buffer): { records: JournalRecord[]; tornBytes: number } {
  const end = content.lastIndexOf(0x0a) + 1;
  const lines = content.subarray(0, end).toString('utf8').split('\n');
  lines.pop(); // the empty string after the final newline
  const records = lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new StoreCorruptError(`${path}:${i + 1}: not a JSON record; refusing to migrate it`, {
        cause: e,
      });
    }
    const result = RecordSchema.safeParse(value);
    if (!result.success)
      throw new StoreCorruptError(`${path}:${i + 1}: not a record of the journal; refusing to migrate it`, {
        cause: result.error,
      });
    return result.data;
  });
  const [first] = records;
  if (first && (first.t !== 'header' || first.version !== FORMAT_VERSION))
    throw new StoreCorruptError(`${path}:1: missing the journal header; refusing to migrate it`);
  return { records, tornBytes: content.length - end };
}

/**
 * The journal's version guarded DATA_DIR with a pid file. A server of that version still running
 * would go on appending to a journal that is no longer read, so its pid file, naming a live
 * process, stops the migration.
 */
async function refuseWhileOldServerRuns(dir: string): Promise<void> {
  const path = join(dir, OLD_LOCK_FILE);
  const holder = await readFile(path, 'utf8').then(
    (text) => Number.parseInt(text, 10),
    () => null,
  );
  if (holder === null || !Number.isInteger(holder) || holder === process.pid) return;
  try {
    process.kill(holder, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return; // gone: a lock left by a crash
  }
  throw new StoreUnavailableError(
    `${dir} is in use by process ${holder} (an earlier workplan-bot writing ${JOURNAL_FILE}); stop it before upgrading`,
  );
}

async function freeBackupName(path: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${path}.bak` : `${path}.${n}.bak`;
    const exists = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}

function parseImported(raw: string | null): JournalImport | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as JournalImport;
    if (typeof value.backup === 'string') return value;
  } catch (e) {
    throw new StoreCorruptError(`the record of the journal import is not JSON`, { cause: e });
  }
  throw new StoreCorruptError(`the record of the journal import names no backup file`);
}
