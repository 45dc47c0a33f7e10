import { toneless } from './pinyin.ts';

export interface Correction {
  from: string;
  to: string;
}

const MIN_LENGTH = 3;
const MAX_LENGTH = 14;
const HAN = /^\p{Script=Han}+$/u;

/**
 * Each character's toneless pinyin, one character at a time: the same character always reads the
 * same way here, in the vocabulary and in questions alike, which is what comparing them needs (a
 * polyphone's context reading would not help).
 */
const readings = (text: string): string[] => Array.from(text, toneless);

/** A vocabulary trie by syllable: the entries that read like the path to a node. */
interface SoundNode {
  next: Map<string, SoundNode>;
  /** The entry that reads exactly so; '' when two entries do, which cannot be told apart by sound. */
  entry?: string;
}

/**
 * Fixes homophone typos of the plan's own vocabulary: 川瑜通办 → 川渝通办, 一网通半 → 一网通办.
 * A stretch of the question is replaced only when it reads exactly like a vocabulary entry,
 * is at least three characters long, and does not itself occur in the plan.
 */
export class HomophoneCorrector {
  private readonly root: SoundNode = { next: new Map() };

  constructor(
    vocabulary: Iterable<string>,
    private readonly planText: string,
  ) {
    for (const word of vocabulary) {
      if (word.length < MIN_LENGTH || word.length > MAX_LENGTH || !HAN.test(word)) continue;
      let node = this.root;
      for (const sound of readings(word)) {
        let child = node.next.get(sound);
        if (!child) node.next.set(sound, (child = { next: new Map() }));
        node = child;
      }
      // Two entries that sound alike cannot be told apart by sound: keep neither.
      node.entry = node.entry === undefined || node.entry === word ? word : '';
    }
  }

  correct(text: string): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    let out = text;
    for (const [run] of text.matchAll(/\p{Script=Han}{3,}/gu)) {
      const found = this.soundsLike(readings(run));
      // Only Han runs that the plan does not contain verbatim can hold a typo.
      if (found.length === 0 || this.planText.includes(run)) continue;
      let fixed = run;
      // Longest stretches first, then left to right.
      found.sort((a, b) => b.length - a.length || a.start - b.start);
      for (const { start, length, entry } of found) {
        const window = fixed.slice(start, start + length);
        if (entry === window || this.planText.includes(window)) continue;
        fixed = fixed.slice(0, start) + entry + fixed.slice(start + length);
        corrections.push({ from: window, to: entry });
      }
      if (fixed !== run) out = out.replace(run, fixed);
    }
    return { text: out, corrections };
  }

  /** Every stretch of the syllables that reads exactly like one vocabulary entry: a walk down the trie from each start. */
  private soundsLike(sounds: string[]): { start: number; length: number; entry: string }[] {
    const found: { start: number; length: number; entry: string }[] = [];
    for (let start = 0; start + MIN_LENGTH <= sounds.length; start++) {
      let node: SoundNode | undefined = this.root;
      for (let length = 1; length <= MAX_LENGTH && start + length <= sounds.length; length++) {
        node = node.next.get(sounds[start + length - 1] as string);
        if (!node) break;
        if (length >= MIN_LENGTH && node.entry) found.push({ start, length, entry: node.entry });
      }
    }
    return found;
  }
}
