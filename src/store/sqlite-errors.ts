import Database from 'better-sqlite3';
import { AppError, StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';

// How the embedded store turns SQLite's errors into the store's two errors. SQLite's result codes
// (https://www.sqlite.org/rescode.html) say which: a full disk (SQLITE_FULL), an I/O error
// (SQLITE_IOERR_*), a lock held elsewhere (SQLITE_BUSY, SQLITE_LOCKED) or a read-only file are
// "unavailable": the operation's transaction was rolled back, nothing of it is stored, and a later
// one may succeed. A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is "corrupt".

const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** A short reason for the message; the full SQLite message stays in `cause`. */
function reasonOf(code: string): string {
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_IOERR')) return 'an I/O error';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_LOCKED')) return 'the database is locked';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the database file cannot be opened';
  return code;
}

/**
 * What a SQLite call threw, as a store error naming the operation (counted for alerts). Anything
 * that is not a SQLite error (a bug, a failed schema check) is returned as it is.
 */
export function toStoreError(operation: string, e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof Database.SqliteError) {
    const code = e.code;
    if (CORRUPT.has(code) || code.startsWith('SQLITE_CORRUPT'))
      return new StoreCorruptError(`embedded store ${operation}: the database file is damaged (${code})`, {
        cause: e,
      });
    metrics.inc('workplan_store_errors_total', { store: 'embedded' });
    return new StoreUnavailableError(`embedded store ${operation} failed: ${reasonOf(code)} (${code})`, {
      cause: e,
    });
  }
  return e;
}

/** True when `e` (or its cause) is SQLITE_BUSY: another connection holds the lock. */
export function isBusy(e: unknown): boolean {
  return e instanceof Database.SqliteError && (e.code === 'SQLITE_BUSY' || e.code.startsWith('SQLITE_BUSY_'));
}

/** True when `e` is SQLite's SQLITE_FULL: the disk (or max_page_count) has no room. */
export function isDiskFull(e: unknown): boolean {
  return e instanceof Database.SqliteError && e.code === 'SQLITE_FULL';
}
