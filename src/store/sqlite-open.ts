import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { isBusy, toStoreError } from './sqlite-errors.ts';
import { SCHEMA, SCHEMA_VERSION } from './sqlite-schema.ts';

/** The embedded store's database, in DATA_DIR. */
export const DATABASE_FILE = 'store.db';
/** A second, empty SQLite file whose exclusive lock says "a server runs on this DATA_DIR". */
export const SERVER_LOCK_FILE = 'server.lock';

export type Db = Database.Database;

/** Refusal text shared by the server and the CLI, so an operator sees the same words. */
export const inUseMessage = (dir: string): string =>
  `${dir} is in use by another workplan-bot process (possibly in another container on the same volume); ` +
  'only one process may use a DATA_DIR (stop it first, or set REDIS_URL to share a Redis store)';

/**
 * Takes DATA_DIR's server lock, or throws StoreUnavailableError saying the directory is in use.
 *
 * The lock is SQLite's own: a connection in locking_mode=EXCLUSIVE that has written once keeps its
 * POSIX (fcntl) write lock until it closes (https://www.sqlite.org/pragma.html#pragma_locking_mode).
 * Such locks belong to the kernel's open file, not to a pid, so they hold across PID namespaces and
 * containers that share the volume, and the kernel drops them when the process dies, even by kill -9:
 * there is no stale lock to clean up. It lives in its own file so that the database itself stays in
 * normal locking mode, where `npm run store -- backup` can read it while the server runs.
 */
export function takeServerLock(dir: string): Db {
  makeDirectory(dir);
  let lock: Db | null = null;
  try {
    lock = new Database(join(dir, SERVER_LOCK_FILE), { timeout: 0 });
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    // BEGIN EXCLUSIVE takes the write lock at once (or fails with SQLITE_BUSY); the write makes it
    // stay taken after COMMIT. The row is for a person reading the file, not for the lock.
    lock.exec('BEGIN EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, host TEXT, since TEXT)');
    lock.exec('DELETE FROM holder');
    lock
      .prepare('INSERT INTO holder VALUES (?, ?, ?)')
      .run(process.pid, hostname(), new Date().toISOString());
    lock.exec('COMMIT');
    return lock;
  } catch (e) {
    lock?.close();
    if (isBusy(e)) throw new StoreUnavailableError(inUseMessage(dir), { cause: e });
    throw toStoreError(`${join(dir, SERVER_LOCK_FILE)}: taking the lock`, e);
  }
}

/**
 * Opens (creating if needed) the database at `path`, with the schema at SCHEMA_VERSION and
 * synchronous=FULL (every commit fsync'ed before it returns). Call useWal once any import is done.
 * Throws StoreCorruptError for a file that is not a database or was written by a newer version,
 * StoreUnavailableError when it cannot be opened or written.
 */
export function openDatabase(path: string): Db {
  let db: Db | null = null;
  try {
    db = new Database(path, { timeout: 2_000 });
    // Small pages keep each commit's write small (a commit writes whole pages to the WAL), which
    // matters on a small volume; the store's rows are small too. Only a new file takes it.
    db.pragma('page_size = 1024');
    db.pragma('synchronous = FULL');
    migrateSchema(db, path);
    return db;
  } catch (e) {
    db?.close();
    throw toStoreError(`${path}: opening`, e);
  }
}

/**
 * Switches the database to WAL mode (persistent: a file once in WAL opens in WAL). A commit is
 * then one append to store.db-wal, and a reader (a backup) never blocks the writer. The WAL is
 * copied back into store.db every WAL_PAGES pages and then cut back to at most WAL_LIMIT_BYTES,
 * so it never takes much more of the disk than that. The first import of a journal runs before
 * this, in rollback mode, where a new database is written in place rather than twice.
 */
export function useWal(db: Db, path: string): void {
  try {
    const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new StoreUnavailableError(`${path}: this file system does not support SQLite's WAL mode`);
    db.pragma(`wal_autocheckpoint = ${WAL_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  } catch (e) {
    throw toStoreError(`${path}: opening`, e);
  }
}

// 256 pages of 1 KiB. Each checkpoint costs two fsyncs, so rarer ones make a commit cheaper (here,
// without an fsync: 0.5 ms a commit at 128 pages, 0.27 ms at 256, 0.13 ms at 512), but what the
// log holds must be copied into store.db before its room is free again, so on a small volume the
// log must stay small next to the data (a disk filled by the log cannot be emptied into the file).
const WAL_PAGES = 256;
const WAL_LIMIT_BYTES = 256 * 1024;

function migrateSchema(db: Db, path: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION)
    throw new StoreCorruptError(
      `${path}: written by a newer workplan-bot (schema ${version}, this one knows ${SCHEMA_VERSION}); refusing to start`,
    );
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new StoreUnavailableError(`${dir}: cannot create the data directory`, { cause: e });
  }
}
