// `npm run build`: bundles the server, the CLI and the operator scripts into plain JavaScript in
// dist/ with esbuild, so production runs `node` alone, with no transpiler in memory or in the
// process tree. With --if-stale (what `npm start` and `npm run ask` use) it does nothing when dist/
// is newer than every source, so a fresh clone builds once (~1 s) and later starts cost ~30 ms.
//
// Why a bundle and not tsc's one file per module: the server loaded ~800 ES modules at start
// (375 of them @line/bot-sdk's, 95 zod's), and resolving, reading and compiling them was the largest
// part of its start-up; every module's source also stays in the V8 heap as a string. A bundle is a
// few files, with whitespace and dead code removed. Types are checked by `npm run typecheck`.
//
// Plain .mjs on purpose: it must run before anything is built.
import { existsSync, lstatSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const stamp = join(dist, '.built');
const SOURCES = ['src', 'adapters', 'scripts'];
const CONFIGS = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** What `node dist/…` runs: each becomes dist/<same path>.js. */
const ENTRIES = [
  'adapters/main.ts',
  'src/cli/ask.ts',
  'src/cli/plan.ts',
  'src/cli/store.ts',
  'scripts/set-telegram-webhook.ts',
];

/**
 * Left to node_modules at run time: native addons; packages that find their own files beside their
 * code (`__dirname`: ioredis, pino's worker transport, pdf.js's fonts and CMaps); mammoth, which only
 * the plan importer loads.
 */
const EXTERNAL = ['better-sqlite3', 'nodejieba', 'ioredis', 'pino', 'pdfjs-dist', 'mammoth'];

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
 * The code finds web/ and seeds/ two levels above its own file (`new URL('../../web/', import.meta.url)`).
 * From the shared chunks (dist/chunks/) and dist/adapters/main.js that is the checkout itself; from
 * dist/src/cli/ it is dist/, hence these links. Links, not copies: a next year's plan dropped into
 * seeds/ is what the built server loads too.
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

async function bundle() {
  // Imported here, not at the top: `--if-stale` with nothing to do must not load esbuild.
  const { build } = await import('esbuild');
  // A previous build's chunks (named by content hash) would otherwise pile up.
  for (const dir of ['adapters', 'src', 'scripts', 'chunks'])
    rmSync(join(dist, dir), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: dist,
    outbase: '.',
    // Shared code goes to dist/chunks/, two levels below the checkout like every entry's own modules
    // were (see linkAssets); each platform's adapter and its SDK stay a chunk of their own, loaded
    // only when that platform is configured (their `await import()`), and Redis only when used.
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    // Bundled CommonJS packages (axios, ws, grammy…) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    // Whitespace and syntax only: identifiers stay as written, so stack traces and logs read as the
    // sources. Not keepNames: it wraps every function and class as it is created, closures made per
    // request included, in a defineProperty call (`__name`): ~10% of the instructions of a repeated
    // /api/ask question (callgrind, 273k → 246k). Without it, a name esbuild changed to avoid a
    // clash (two modules' `Foo` → `Foo2`) reads so in a stack trace; nothing here reads a function's
    // name (the errors set theirs: src/errors.ts).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv.includes('--if-stale') && !isStale()) {
  linkAssets();
} else {
  try {
    await bundle();
  } catch (e) {
    console.error(
      `build: esbuild failed (${e instanceof Error ? e.message : String(e)}); nothing was started`,
    );
    process.exit(1);
  }
  linkAssets();
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
