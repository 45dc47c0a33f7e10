import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isStopword, stopwordList } from './stopwords.ts';

/**
 * jieba's full dictionary (349k words) takes ~0.8 s to load and ~250 MB of native memory (cppjieba's
 * trie costs ~0.65 KB a word). The words a question about a work plan needs are the common ones,
 * the stopwords (so "谁牵头…" still cuts 牵头 off whole) and the plan's own vocabulary, which is
 * added separately. Keeping words seen at least 500 times (12.4k) costs ~9 MB; at 20 (80k) it was
 * 53 MB. Measured on the 301 questions with an expected task: the whole engine 301/301 either way,
 * the ranker alone 279 against 280, plain jieba-token BM25 256 against 263 (bench/engine.ts).
 */
const MIN_FREQUENCY = 500;

export interface DictionaryFiles {
  dict: string;
  hmmDict: string;
  userDict: string;
  idfDict: string;
  stopWordDict: string;
}

const require = createRequire(import.meta.url);
const JIEBA_DICT_DIR = join(dirname(require.resolve('nodejieba')), 'submodules/cppjieba/dict');

/**
 * Writes `content()` to a file under the temp dir named by `key`, once; returns its path. The key
 * names what the content is made from, so a start that finds the file builds nothing: hashing the
 * content instead meant re-reading jieba's 5 MB dictionary at every start (~40 MB of garbage).
 */
function cached(name: string, key: string, content: () => string): string {
  const hash = createHash('sha1').update(key).digest('hex').slice(0, 12);
  const path = join(tmpdir(), `workplan-jieba-${name}-${hash}.utf8`);
  if (!existsSync(path)) {
    // Written under another name first, so a concurrent process never loads half a file.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, content());
    renameSync(partial, path);
  }
  return path;
}

/**
 * The files jieba loads: its HMM model as shipped, a compact word list, and one-line keyword (idf)
 * and stop-word lists, since this app never asks jieba for keywords. Falls back to the shipped
 * files when the temp dir cannot be written.
 */
export function compactDictionary(): DictionaryFiles {
  const shipped = (file: string) => join(JIEBA_DICT_DIR, file);
  try {
    const full = shipped('jieba.dict.utf8');
    const { size, mtimeMs } = statSync(full);
    const words = () =>
      readFileSync(full, 'utf8')
        .split('\n')
        .filter((line) => {
          const [word = '', frequency] = line.split(' ');
          return Number(frequency) >= MIN_FREQUENCY || isStopword(word);
        })
        .join('\n') + '\n';
    return {
      dict: cached('dict', `${full} ${size} ${mtimeMs} ${MIN_FREQUENCY} ${stopwordList().join(' ')}`, words),
      hmmDict: shipped('hmm_model.utf8'),
      userDict: shipped('user.dict.utf8'),
      idfDict: cached('idf', '的 1.0\n', () => '的 1.0\n'),
      stopWordDict: cached('stop', '的\n', () => '的\n'),
    };
  } catch (e) {
    // Slower and larger, but correct: say so rather than fail to answer.
    process.emitWarning(`jieba: compact dictionary unavailable, loading the full one (${String(e)})`);
    return {
      dict: shipped('jieba.dict.utf8'),
      hmmDict: shipped('hmm_model.utf8'),
      userDict: shipped('user.dict.utf8'),
      idfDict: shipped('idf.utf8'),
      stopWordDict: shipped('stop_words.utf8'),
    };
  }
}
