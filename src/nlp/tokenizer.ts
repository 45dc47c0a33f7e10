import nodejieba from 'nodejieba';
import { compactDictionary } from './dictionary.ts';
import { isStopword } from './stopwords.ts';

let loaded = false;
const inserted = new Set<string>();

/** jieba's dictionary takes most of a second to load: once per process, on first use. */
function jieba(): typeof nodejieba {
  if (!loaded) {
    nodejieba.load(compactDictionary());
    loaded = true;
  }
  return nodejieba;
}

/** Teaches jieba the plan's own words (quoted terms, agency names, aliases), so 川渝通办 stays whole. */
export function addWords(words: Iterable<string>): void {
  const j = jieba();
  for (const word of words) {
    // jieba splits at punctuation anyway; a word with some would never match.
    if (
      inserted.has(word) ||
      word.length < 2 ||
      word.length > 16 ||
      /[^\p{Script=Han}A-Za-z0-9+]/u.test(word)
    ) {
      continue;
    }
    j.insertWord(word);
    inserted.add(word);
  }
}

const HAN_RUN = /[\p{Script=Han}]+/gu;

/** Words for matching: jieba's search-mode cut (long words and their parts), stopwords dropped. */
export function words(text: string): string[] {
  return jieba()
    .cutForSearch(text, true)
    .filter((w) => /[\p{Script=Han}A-Za-z0-9]/u.test(w) && !isStopword(w));
}

/** Plain cut, for finding what a question is about (no sub-words). */
export function cut(text: string): string[] {
  return jieba()
    .cut(text, true)
    .filter((w) => /[\p{Script=Han}A-Za-z0-9]/u.test(w));
}

/** Character bigrams of each Han run: they match where jieba segments two texts differently. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(HAN_RUN)) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/**
 * Enumerations and quotes split the plan's phrases ("省、市、县、乡", "“掌上办”清单");
 * questions run them together, so bigrams are also taken across them.
 */
export const joinEnumerations = (text: string): string => text.replace(/[、“”‘’《》]/g, '');

/** The features a plan text is indexed by: words, plus bigrams marked apart. */
export function docFeatures(text: string): string[] {
  return [...words(text), ...bigrams(joinEnumerations(text)).map((b) => `~${b}`)];
}

/**
 * A question's content: runs of consecutive non-stopword tokens ("证照分离谁牵头" → ["证照分离"]),
 * so bigrams never span a cue word.
 */
export function contentRuns(text: string): string[] {
  const runs: string[] = [];
  let current = '';
  for (const token of cut(text)) {
    if (isStopword(token)) {
      if (current) runs.push(current);
      current = '';
    } else current += token;
  }
  if (current) runs.push(current);
  return runs;
}

/** The features a question is ranked by, from its content runs only. */
export function queryFeatures(runs: string[]): string[] {
  return runs.flatMap((run) => [...words(run), ...bigrams(run).map((b) => `~${b}`)]);
}
