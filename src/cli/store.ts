import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { describeError } from '../errors.ts';
import { backupStore, restoreStore } from '../store/backup.ts';

const USAGE = `usage:
  npm run store -- backup FILE     copy DATA_DIR/store.db to FILE (safe while the server runs)
  npm run store -- restore FILE    replace DATA_DIR/store.db with FILE (the server must be stopped;
                                   the replaced database is kept as store.db.before-restore-<time>)
options: --data-dir DIR (default: DATA_DIR, else ./data)`;

/**
 * The embedded store's backup and restore, with SQLite's online backup API (src/store/backup.ts).
 * Exit codes: 0 done, 1 refused or failed (the reason on stderr), 2 usage.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const [command, file, ...rest] = positionals;
  if (values.help || !file || rest.length > 0 || (command !== 'backup' && command !== 'restore')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (config.REDIS_URL)
    console.error(
      'note: REDIS_URL is set, so the server keeps its state in Redis, not here; this works on DATA_DIR/store.db only',
    );
  const dir = values['data-dir'] ?? config.DATA_DIR;
  if (command === 'backup') {
    const { pages } = await backupStore(dir, file);
    console.log(`backed up ${dir}/store.db to ${file} (${pages} pages)`);
  } else {
    const { previous } = await restoreStore(dir, file);
    console.log(
      `restored ${dir}/store.db from ${file}` + (previous ? `; the database it replaced is ${previous}` : ''),
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`workplan-bot store: ${code}: ${message}`);
    process.exit(1);
  },
);
