// `npx tsx scripts/pinyin-readings.ts`: writes src/nlp/pinyin-readings.json, the toneless pinyin
// that pinyin-pro gives every Han character alone and every region name as a word, so the server
// and the CLI read it in a millisecond instead of loading pinyin-pro (~200 ms, ~9 MiB of heap for
// its word dictionaries, which building these readings does not need). Run it again after
// upgrading pinyin-pro: test/nlp/pinyin.test.ts fails until the file matches the installed version.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';
import { REGION_WORDS } from '../src/catalogue/key.ts';
import { tableOf } from '../src/nlp/pinyin-source.ts';

const version = (createRequire(import.meta.url)('pinyin-pro/package.json') as { version: string }).version;
const table = tableOf(pinyin, version, REGION_WORDS);
const out = new URL('../src/nlp/pinyin-readings.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(table, null, 2)}\n`);
console.log(
  `pinyin-readings: pinyin-pro ${version}, ${Object.keys(table.words).length} words → ${out.pathname}`,
);
