import { open, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreCorruptError, StoreUnavailableError } from '../errors.ts';

const NEWLINE = 0x0a;

export interface JournalOpened<R> {
  journal: Journal<R>;
  records: R[];
  /** Bytes of a torn final line (a crash mid-append) that were cut off; 0 normally. */
  truncatedBytes: number;
}

/**
 * An append-only JSON-lines file: one record per line, each append written (and, unless the caller
 * opts out, fdatasync'ed) before the caller sees success. Only the final line can be torn by a crash, because every append is a
 * single write that ends in "\n" and nothing is appended after a failed one; so a tail without
 * its newline is an unacknowledged write and is cut off, while a bad line anywhere else is
 * corruption and stops start-up with the file and line named.
 */
export class Journal<R> {
  private size: number;
  /** After a failed append that could not be undone, appending more would bury a torn line. */
  private broken: Error | null = null;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    size: number,
  ) {
    this.size = size;
  }

  static async open<R>(path: string, parse: (value: unknown) => R): Promise<JournalOpened<R>> {
    // A leftover temp file is a compaction that never reached its rename; the journal is authoritative.
    await rm(`${path}.tmp`, { force: true }).catch(unavailable(path));
    const content = await readFile(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return Buffer.alloc(0);
      throw unavailable(path)(e);
    });
    const end = content.lastIndexOf(NEWLINE) + 1;
    const truncatedBytes = content.length - end;
    if (truncatedBytes > 0) await truncate(path, end).catch(unavailable(path));

    const records: R[] = [];
    const lines = content.subarray(0, end).toString('utf8').split('\n');
    lines.pop(); // the empty string after the final newline
    lines.forEach((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (e) {
        throw new StoreCorruptError(`${path}:${i + 1}: not a JSON record; refusing to start`, { cause: e });
      }
      try {
        records.push(parse(value));
      } catch (e) {
        throw new StoreCorruptError(`${path}:${i + 1}: not a record this store writes; refusing to start`, {
          cause: e,
        });
      }
    });
    const handle = await open(path, 'a').catch(unavailable(path));
    return { journal: new Journal<R>(path, handle, end), records, truncatedBytes };
  }

  /**
   * Appends one record; durably unless `sync` is false, for records whose loss in a crash is
   * harmless (a follow-up context, a webhook seen-mark), where an fsync per message would bound
   * throughput.
   */
  async append(record: R, { sync = true }: { sync?: boolean } = {}): Promise<void> {
    if (this.broken)
      throw new StoreUnavailableError(`${this.path}: an earlier write failed`, { cause: this.broken });
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    try {
      await this.handle.write(line);
      if (sync) await this.handle.datasync();
      this.size += line.length;
    } catch (e) {
      await this.undoPartialAppend();
      throw new StoreUnavailableError(`${this.path}: could not write`, { cause: e });
    }
  }

  /**
   * Replaces the whole file with `records`: written to a temp file, synced, renamed over the journal
   * and the directory synced, so a crash leaves either the old journal or the new one, never a mix.
   */
  async rewrite(records: R[]): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const body = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    const failed = (e: unknown) => new StoreUnavailableError(`${this.path}: compaction failed`, { cause: e });
    try {
      const out = await open(tmp, 'w');
      try {
        await out.write(body);
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(tmp, this.path);
    } catch (e) {
      throw failed(e);
    }
    // The journal is the new file from here on. The old handle now points at the replaced file:
    // what it took would be gone at the next start, so it must not take another append.
    const previous = this.handle;
    try {
      this.handle = await open(this.path, 'a');
    } catch (e) {
      this.broken = new Error('the compacted journal could not be opened for appending', { cause: e });
      throw failed(e);
    }
    this.size = body.length;
    this.broken = null;
    try {
      await previous.close();
      await syncDirectory(dirname(this.path));
    } catch (e) {
      throw failed(e);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async undoPartialAppend(): Promise<void> {
    try {
      await this.handle.truncate(this.size);
    } catch (e) {
      this.broken = new Error('a partial append could not be cut off', { cause: e });
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const unavailable =
  (path: string) =>
  (e: unknown): never => {
    throw new StoreUnavailableError(`${path}: cannot be read or written`, { cause: e });
  };
