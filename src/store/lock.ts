import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreUnavailableError } from '../errors.ts';

export interface DirectoryLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'store.lock';

/**
 * Two processes appending to one journal would each keep their own state and both send reminders,
 * so a DATA_DIR belongs to one process. The lock file names its pid; a lock left by a process that
 * is gone (a crash) is taken over. The same pid may take it again: that is this process re-opening
 * after a close or a simulated crash, and a container restarting as pid 1.
 */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  const path = join(dir, LOCK_FILE);
  const holder = await readFile(path, 'utf8').then(
    (text) => Number.parseInt(text, 10),
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw new StoreUnavailableError(`${path}: cannot read the lock file`, { cause: e });
    },
  );
  if (holder !== null && Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new StoreUnavailableError(
      `${dir} is in use by process ${holder}; only one process may use a DATA_DIR (or set REDIS_URL)`,
    );
  }
  try {
    const handle = await open(path, 'w');
    await handle.writeFile(String(process.pid));
    await handle.sync();
    await handle.close();
  } catch (e) {
    throw new StoreUnavailableError(`${path}: cannot write the lock file`, { cause: e });
  }
  return {
    release: () =>
      rm(path, { force: true }).catch((e: unknown) => {
        throw new StoreUnavailableError(`${path}: cannot remove the lock file`, { cause: e });
      }),
  };
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
