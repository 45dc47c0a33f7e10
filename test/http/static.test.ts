import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebFiles, pageWeight, webRoutes } from '../../src/http/static.ts';
import { metricsRoute } from '../../src/http/metrics-route.ts';
import { Metrics } from '../../src/metrics.ts';
import { listen, rawGet, type Running } from './listen.ts';

describe('static web files', () => {
  let server: Running;
  const registry = new Metrics().counter('t_total', 'A test counter.');
  beforeAll(async () => {
    server = await listen([...webRoutes(), metricsRoute(registry)]);
  });
  afterAll(() => server.close());

  it('serves the page with its content type, a CSP and revalidation', async () => {
    const res = await fetch(`${server.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
  });

  it('links assets by content hash, and caches them for good only under that hash', async () => {
    const html = await (await fetch(`${server.base}/`)).text();
    // Relative, so the page works under whatever prefix a reverse proxy serves it at.
    expect(html).not.toMatch(/(?:src|href)="\//);
    const links = [...html.matchAll(/(?:src|href)="([\w.-]+\?v=[\w-]+)"/g)].map((m) => m[1]!);
    expect(links.map((l) => l.split('?')[0]).sort()).toEqual(['app.js', 'icon.svg', 'style.css']);
    for (const link of links) {
      const res = await fetch(`${server.base}/${link}`);
      expect(res.status, link).toBe(200);
      expect(res.headers.get('cache-control'), link).toBe('public, max-age=31536000, immutable');
    }
    const js = await fetch(`${server.base}/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('no-cache');
    const css = await fetch(`${server.base}/style.css?v=stale`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('no-cache');
  });

  it('links every module the page imports by content hash too, so each is cached for good', async () => {
    const html = await (await fetch(`${server.base}/`)).text();
    const entry = /src="(app\.js\?v=[\w-]+)"/.exec(html)![1]!;
    const seen = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
      const link = pending.pop()!;
      if (seen.has(link)) continue;
      seen.add(link);
      const res = await fetch(`${server.base}/${link}`);
      expect(res.status, link).toBe(200);
      expect(res.headers.get('content-type'), link).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control'), link).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('etag'), link).toBe(`"${link.split('?v=')[1]}"`);
      const imports = [...(await res.text()).matchAll(/\b(?:import|from)\s*'([^']*)'/g)].map((m) => m[1]!);
      for (const specifier of imports) {
        expect(specifier, link).toMatch(/^\.\/[\w.-]+\.js\?v=[\w-]+$/);
        pending.push(specifier.slice(2));
      }
    }
    // Every module in web/ is reached from the page, each under one URL only.
    const served = [...loadWebFiles().keys()].filter((n) => n.endsWith('.js')).sort();
    expect([...seen].map((l) => l.split('?')[0]).sort()).toEqual(served);
    expect(served.length).toBeGreaterThan(1);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${server.base}/app.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${server.base}/app.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('compresses with brotli or gzip when asked, and not when q=0', async () => {
    const br = await rawGet(server.port, '/app.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toContain('function');
    const gzip = await rawGet(server.port, '/app.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await rawGet(server.port, '/app.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('function');
    expect(plain.headers.vary).toBe('accept-encoding');
  });

  it.each([
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/web/../../package.json',
    '/app.js/../../src/main.ts',
    '/.gitignore',
  ])('never serves anything outside web/: %s', async (path) => {
    const res = await rawGet(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('"dependencies"');
  });

  it('refuses a wrong method with 405 and an Allow header', async () => {
    const res = await fetch(`${server.base}/app.js`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${server.base}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });

  it('renders /metrics in the Prometheus text format', async () => {
    registry.inc('t_total', { platform: 'web' }, 2);
    const res = await fetch(`${server.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(
      text.startsWith('# HELP t_total A test counter.\n# TYPE t_total counter\nt_total{platform="web"} 2\n'),
    ).toBe(true);
    // The process's memory follows the registry's families, as gauges with prom-client's names.
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} gauge\\n${name} [1-9][0-9]*$`, 'm'));
    }
  });
});

describe('loadWebFiles', () => {
  it('refuses a web root without index.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    writeFileSync(join(dir, 'app.js'), '');
    expect(() => loadWebFiles(dir)).toThrow(/index\.html/);
  });

  const webRoot = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="app.js"></script>');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const versionOf = (files: Map<string, { version: string }>, name: string): string =>
    files.get(name)!.version;

  it('changes the hash of every module above a changed one, up to the page link', () => {
    const modules = {
      'app.js': "import { a } from './a.js';\na();\n",
      'a.js': "import { b } from './b.js';\nexport const a = () => b();\n",
      'b.js': 'export const b = () => 1;\n',
      'c.js': 'export const c = 3;\n',
    };
    const before = loadWebFiles(webRoot(modules));
    const after = loadWebFiles(webRoot({ ...modules, 'b.js': 'export const b = () => 2;\n' }));
    for (const name of ['app.js', 'a.js', 'b.js'])
      expect(versionOf(after, name), name).not.toBe(versionOf(before, name));
    expect(versionOf(after, 'c.js')).toBe(versionOf(before, 'c.js'));
    expect(after.get('a.js')!.identity.toString()).toContain(`from './b.js?v=${versionOf(after, 'b.js')}'`);
    expect(after.get('index.html')!.identity.toString()).toContain(
      `"app.js?v=${versionOf(after, 'app.js')}"`,
    );
  });

  it.each([
    ['a missing module', { 'app.js': "import './gone.js';" }, /imports '\.\/gone\.js'/],
    ['a path outside the folder', { 'app.js': "import '../src/x.js';" }, /imports '\.\.\/src\/x\.js'/],
    ['a second URL for a module', { 'app.js': "import '/a.js';", 'a.js': '' }, /imports '\/a\.js'/],
    ['an import cycle', { 'app.js': "import './a.js';", 'a.js': "import './app.js';" }, /cycle/],
  ])('refuses to start with %s', (_what, files, error) => {
    expect(() => loadWebFiles(webRoot(files))).toThrow(error);
  });

  it('skips dot files and keeps the shipped page small', () => {
    const files = loadWebFiles();
    expect([...files.keys()].some((n) => n.startsWith('.'))).toBe(false);
    const weight = pageWeight(files);
    // No framework: the whole page, uncompressed, stays under 40 KB.
    expect(weight.identity).toBeLessThan(40_000);
    expect(weight.br).toBeLessThan(weight.identity);
  });
});
