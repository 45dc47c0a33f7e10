import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BadInputError, StoreCorruptError } from '../errors.ts';
import { toStoreError } from './sqlite-errors.ts';
import { DATABASE_FILE, takeServerLock } from './sqlite-open.ts';
import { SCHEMA_VERSION } from './sqlite-schema.ts';

export interface BackupResult {
  file: string;
  /** Database pages copied (1 KiB each for a store this version made). */
  pages: number;
}

export interface RestoreResult {
  /** Where the database it replaced now is; null when there was none. */
  previous: string | null;
}

/**
 * Copies DATA_DIR's store.db to `file` with SQLite's online backup API
 * (https://www.sqlite.org/backup.html): a consistent copy as of one moment, taken while a server
 * may be running and writing (WAL lets the backup read beside it). Refuses to overwrite `file`.
 */
export async function backupStore(dir: string, file: string): Promise<BackupResult> {
  const source = join(dir, DATABASE_FILE);
  if (!existsSync(source)) throw new BadInputError(`${source} does not exist: no embedded store to back up`);
  if (existsSync(file)) throw new BadInputError(`${file} exists already; choose a new file name`);
  let db: Database.Database | null = null;
  try {
    db = new Database(source, { fileMustExist: true, timeout: 5_000 });
    const { totalPages } = await db.backup(file);
    checkBackup(file);
    return { file, pages: totalPages };
  } catch (e) {
    throw toStoreError(`backup to ${file}`, e);
  } finally {
    db?.close();
  }
}

/**
 * Replaces DATA_DIR's store.db with the backup in `file`, keeping the database it replaces as
 * store.db.before-restore-<time>. Refuses while a server holds DATA_DIR (its server lock), and
 * refuses a file that is not a sound store backup, before anything is changed.
 */
export async function restoreStore(dir: string, file: string, now = new Date()): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BadInputError(`${file} does not exist`);
  checkBackup(file);
  const lock = takeServerLock(dir);
  try {
    const target = join(dir, DATABASE_FILE);
    const incoming = `${target}.restoring`;
    await rm(incoming, { force: true });
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(incoming);
    } finally {
      source.close();
    }
    checkBackup(incoming);
    let previous: string | null = null;
    if (existsSync(target)) {
      // Closing the last connection copies the WAL into store.db and deletes it, so the file
      // kept aside is the whole database, not half of one.
      new Database(target, { fileMustExist: true }).close();
      previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      await rename(target, previous);
    }
    await rm(`${target}-wal`, { force: true });
    await rm(`${target}-shm`, { force: true });
    await rename(incoming, target);
    return { previous };
  } catch (e) {
    throw toStoreError(`restore from ${file}`, e);
  } finally {
    lock.close();
  }
}

/** Throws StoreCorruptError unless `file` is a database this version can open, intact. */
function checkBackup(file: string): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version < 1 || version > SCHEMA_VERSION)
      throw new StoreCorruptError(`${file} is not a backup of this version's store (schema ${version})`);
    const check: unknown = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreCorruptError(`${file} fails SQLite's quick_check: ${String(check)}`);
  } catch (e) {
    if (e instanceof Database.SqliteError)
      throw new StoreCorruptError(`${file} is not a readable SQLite database (${e.code})`, { cause: e });
    throw e;
  } finally {
    db?.close();
  }
}
