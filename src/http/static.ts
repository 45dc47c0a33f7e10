import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip as gzipCb, gzipSync } from 'node:zlib';
import { linkModules } from './module-links.ts';
import type { Route } from './router.ts';

const DEFAULT_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Only what the page itself needs: no CDN, no inline script, no framing by other sites. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

interface StaticFile {
  type: string;
  etag: string;
  version: string;
  identity: Buffer;
  /** Compressed on first use (or by the background warm-up), then kept: see prepare(). */
  readonly gzip: Buffer;
  readonly br: Buffer;
}

const gzipAsync = promisify(gzipCb);
const brotliAsync = promisify(brotliCompress);

const hashOf = (body: Buffer): string => createHash('sha256').update(body).digest('base64url').slice(0, 16);

const GZIP = { level: 9 };
const BROTLI = { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } };

/**
 * The file and its encodings. Compressing the whole page at the highest settings takes ~0.2 s, which
 * start-up used to pay before the first answer; now each encoding is made when first asked for, or
 * earlier by warmUp() on the thread pool, and kept.
 */
function prepare(name: string, body: Buffer): StaticFile & { warmUp(): Promise<void> } {
  const version = hashOf(body);
  let gzip: Buffer | undefined;
  let br: Buffer | undefined;
  return {
    type: CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
    etag: `"${version}"`,
    version,
    identity: body,
    get gzip() {
      return (gzip ??= gzipSync(body, GZIP));
    },
    get br() {
      return (br ??= brotliCompressSync(body, BROTLI));
    },
    async warmUp() {
      gzip ??= await gzipAsync(body, GZIP);
      br ??= await brotliAsync(body, BROTLI);
    },
  };
}

/**
 * Loads web/ once at start. Routes exist only for the files found there, so no request path can
 * reach outside it. The page links assets as `app.js?v=<hash>` (relative), and modules import each other the
 * same way (see module-links.ts): a new deploy changes the link, which lets browsers cache assets
 * forever while the page itself is always revalidated.
 */
export function loadWebFiles(root: string = DEFAULT_ROOT): Map<string, ReturnType<typeof prepare>> {
  const names = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name);
  if (!names.includes('index.html')) throw new Error(`web root ${root} has no index.html`);
  const sources = new Map(
    names.filter((name) => name !== 'index.html').map((name) => [name, readFileSync(join(root, name))]),
  );
  const modules = linkModules(sources, hashOf);
  const files = new Map<string, ReturnType<typeof prepare>>();
  for (const [name, body] of sources) files.set(name, prepare(name, modules.get(name) ?? body));
  let html = readFileSync(join(root, 'index.html'), 'utf8');
  // Links are relative (`href="style.css"`), so the page works under any path prefix a reverse proxy
  // puts it at (`/workplan/`) with no setting; an absolute `/style.css` would leave the prefix.
  for (const [name, file] of files) {
    html = html.replaceAll(`="${name}"`, `="${name}?v=${file.version}"`);
  }
  files.set('index.html', prepare('index.html', Buffer.from(html)));
  return files;
}

function pickEncoding(req: IncomingMessage): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>();
  for (const part of String(req.headers['accept-encoding'] ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

function send(req: IncomingMessage, res: ServerResponse, file: StaticFile, isPage: boolean): void {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const cacheControl =
    !isPage && query.get('v') === file.version ? 'public, max-age=31536000, immutable' : 'no-cache';
  const common: Record<string, string> = {
    'cache-control': cacheControl,
    etag: file.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    ...(isPage ? PAGE_HEADERS : {}),
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const encoding = pickEncoding(req);
  const body = file[encoding];
  res.writeHead(200, {
    ...common,
    'content-type': file.type,
    'content-length': body.length,
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
  });
  res.end(body);
}

/** GET / and one route per file in web/. */
export function webRoutes(files: Map<string, ReturnType<typeof prepare>> = loadWebFiles()): Route[] {
  const page = files.get('index.html');
  if (!page) throw new Error('web files have no index.html');
  // Compress in the background once start-up is done, off the event loop (zlib's thread pool).
  setTimeout(() => {
    void (async () => {
      for (const file of files.values()) await file.warmUp().catch(() => undefined); // sync on demand instead
    })();
  }, 100).unref();
  const routes: Route[] = [
    { method: 'GET', path: '/', handler: async (req, res) => send(req, res, page, true) },
  ];
  for (const [name, file] of files) {
    const isPage = name === 'index.html';
    routes.push({
      method: 'GET',
      path: `/${name}`,
      handler: async (req, res) => send(req, res, file, isPage),
    });
  }
  return routes;
}

/** What a first visit downloads (identity and brotli bytes), for the README and the report. */
export function pageWeight(files: Map<string, StaticFile>): { identity: number; br: number } {
  let identity = 0;
  let br = 0;
  for (const file of files.values()) {
    identity += file.identity.length;
    br += file.br.length;
  }
  return { identity, br };
}
