import { extname } from 'node:path';

/** Every static import or re-export: `import './x.js'`, `import { a } from './x.js'`, `export * from …`. */
const SPECIFIER = /(\b(?:import|from)\s*)(['"])([^'"\n]*)\2/g;
const SIBLING = /^\.\/([\w.-]+\.js)$/;

/**
 * The page's script is an ES module importing its siblings in web/. Each import is rewritten to
 * carry the imported module's content hash (`./dom.js` → `./dom.js?v=<hash>`), so modules are cached
 * for a year under the same rule as the page's links, and a deploy still reaches them.
 *
 * A module's hash is taken after its own imports are rewritten, so a change in any module changes
 * the hash of every module that imports it, directly or not, up to app.js in the page. Serving
 * modules unversioned with revalidation would also be correct, but would cost every visit one
 * conditional request per module, level after level of imports, which a phone on a slow network
 * feels; this keeps a repeat visit at one request, the page's own revalidation.
 *
 * Start-up refuses what this cannot version: an import that is not `./<file>.js` in web/ (a second
 * URL for one module would also give it a second instance), and an import cycle (a module's hash
 * cannot contain itself). Dynamic import() is not rewritten; the module it loads is revalidated.
 */
export function linkModules(
  sources: ReadonlyMap<string, Buffer>,
  hashOf: (body: Buffer) => string,
): Map<string, Buffer> {
  const linked = new Map<string, { body: Buffer; version: string }>();
  const path: string[] = [];

  const link = (name: string): string => {
    const done = linked.get(name);
    if (done) return done.version;
    if (path.includes(name)) throw new Error(`web/: import cycle ${[...path, name].join(' → ')}`);
    path.push(name);
    const text = sources.get(name)!.toString('utf8');
    const rewritten = text.replace(SPECIFIER, (_whole, lead: string, quote: string, specifier: string) => {
      const sibling = SIBLING.exec(specifier)?.[1];
      if (!sibling || !sources.has(sibling))
        throw new Error(`web/${name} imports '${specifier}'; only './<file>.js' in web/ can be versioned`);
      return `${lead}${quote}./${sibling}?v=${link(sibling)}${quote}`;
    });
    path.pop();
    const body = Buffer.from(rewritten);
    const version = hashOf(body);
    linked.set(name, { body, version });
    return version;
  };

  for (const name of sources.keys()) if (extname(name) === '.js') link(name);
  return new Map([...linked].map(([name, { body }]) => [name, body]));
}
