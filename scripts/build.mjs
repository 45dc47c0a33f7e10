// `npm run build`: compiles the server, the CLI and the operator scripts to plain JavaScript in dist/
// (tsconfig.build.json), so production runs `node` alone, with no transpiler in memory or in the
// process tree. With --if-stale (what `npm start` and `npm run ask` use) it does nothing when dist/
// is newer than every source, so a fresh clone builds once and later starts cost ~30 ms, not tsc's 3 s.
//
// Plain .mjs on purpose: it must run before anything is built.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
// tsc leaves its .tsbuildinfo untouched when nothing changed, so the build keeps its own stamp.
const stamp = join(dist, '.built');
const SOURCES = ['src', 'adapters', 'scripts'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = [...SOURCES, ...CONFIGS].map((p) => join(root, p)).filter((p) => existsSync(p));
  return sources.some((p) => newestMtime(p) > built);
}

/**
 * The code finds web/ and seeds/ two levels above its own file (`new URL('../../web/', import.meta.url)`),
 * which from dist/src/http/ is dist/web/. Links, not copies: a next year's plan dropped into seeds/
 * is what the built server loads too.
 */
function linkAssets() {
  for (const dir of ['web', 'seeds']) {
    const link = join(dist, dir);
    if (existsSync(link) || isLink(link)) continue;
    symlinkSync(join('..', dir), link, 'dir');
  }
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

if (process.argv.includes('--if-stale') && !isStale()) {
  linkAssets();
} else {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  } catch {
    console.error('build: tsc failed (see above); nothing was started');
    process.exit(1);
  }
  linkAssets();
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
