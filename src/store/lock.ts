import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreUnavailableError } from '../errors.ts';

export interface DirectoryLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'store.lock';

/**
 * Two processes appending to one journal would each keep their own state and both send reminders,
 * so a DATA_DIR belongs to one process. The lock file is created exclusively and names its pid, so
 * two processes starting at once cannot both take it. A lock left by a process that is gone (a
 * crash) is taken over. The same pid may take it again: that is this process re-opening after a
 * close or a simulated crash, and a container restarting as pid 1.
 */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  const path = join(dir, LOCK_FILE);
  const release = (): Promise<void> =>
    rm(path, { force: true }).catch((e: unknown) => {
      throw new StoreUnavailableError(`${path}: cannot remove the lock file`, { cause: e });
    });
  for (let attempt = 0; ; attempt++) {
    if (await createLockFile(path)) return { release };
    const holder = await readFile(path, 'utf8').then(
      (text) => Number.parseInt(text, 10),
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null; // released meanwhile: try again
        throw new StoreUnavailableError(`${path}: cannot read the lock file`, { cause: e });
      },
    );
    const held = holder !== null && Number.isInteger(holder) && holder !== process.pid && isAlive(holder);
    if (held || attempt > 0) {
      throw new StoreUnavailableError(
        `${dir} is in use by ${held ? `process ${holder}` : 'another process'}; only one process may use a DATA_DIR (or set REDIS_URL)`,
      );
    }
    // Left by a process that is gone (or half-written by one that died creating it): take it over.
    if (holder !== null) await release();
  }
}

/** True when this call created the lock file; false when one exists already. */
async function createLockFile(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreUnavailableError(`${path}: cannot write the lock file`, { cause: e });
  }
  try {
    await handle.writeFile(String(process.pid));
    await handle.sync();
  } catch (e) {
    throw new StoreUnavailableError(`${path}: cannot write the lock file`, { cause: e });
  } finally {
    await handle.close();
  }
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
