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

/**
 * Fixes homophone typos of the plan's own vocabulary: 川瑜通办 → 川渝通办, 一网通半 → 一网通办.
 * A stretch of the question is replaced only when it reads exactly like a vocabulary entry,
 * is at least three characters long, and does not itself occur in the plan.
 */
export class HomophoneCorrector {
  private readonly bySound = new Map<string, string>();
  /** The lengths of the entries that start with each syllable: only those windows can match. */
  private readonly lengthsByFirst = new Map<string, number[]>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly planText: string,
  ) {
    for (const word of vocabulary) {
      if (word.length < MIN_LENGTH || word.length > MAX_LENGTH || !HAN.test(word)) continue;
      const key = readings(word).join(' ');
      // Two entries that sound alike cannot be told apart by sound: keep neither.
      const seen = this.bySound.get(key);
      this.bySound.set(key, seen === undefined || seen === word ? word : '');
      const first = key.split(' ')[0] as string;
      const lengths = this.lengthsByFirst.get(first) ?? [];
      if (!lengths.includes(word.length)) lengths.push(word.length);
      this.lengthsByFirst.set(
        first,
        lengths.sort((a, b) => b - a),
      );
    }
  }

  correct(text: string): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    // Only Han runs that the plan does not contain verbatim can hold a typo.
    let out = text;
    for (const [run] of text.matchAll(/\p{Script=Han}{3,}/gu)) {
      if (this.planText.includes(run)) continue;
      const sounds = readings(run);
      // The entry lengths that may start at each character; most characters start none.
      const starting = sounds.map((sound) => this.lengthsByFirst.get(sound));
      if (!starting.some(Boolean)) continue;
      let fixed = run;
      // Longest windows first, as before; a window is looked up only when some entry of its length
      // starts with its first syllable.
      for (let length = Math.min(MAX_LENGTH, run.length); length >= MIN_LENGTH; length--) {
        for (let start = 0; start + length <= run.length; start++) {
          if (!starting[start]?.includes(length)) continue;
          const entry = this.bySound.get(sounds.slice(start, start + length).join(' '));
          const window = fixed.slice(start, start + length);
          if (!entry || entry === window || this.planText.includes(window)) continue;
          fixed = fixed.slice(0, start) + entry + fixed.slice(start + length);
          corrections.push({ from: window, to: entry });
        }
      }
      if (fixed !== run) out = out.replace(run, fixed);
    }
    return { text: out, corrections };
  }
}
