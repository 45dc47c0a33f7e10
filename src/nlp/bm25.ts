/**
 * Okapi BM25 over pre-tokenized documents. Each term's contribution to each document that holds it
 * is worked out once, when the index is built, so scoring a question only adds up the postings of
 * its distinct terms: it runs on every question.
 */
export class Bm25Index {
  /** Per term: the documents holding it, in document order, and what it adds to each one's score. */
  private readonly postings = new Map<string, { docs: number[]; weights: number[] }>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    docs: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, docs.length);
    const counts = new Map<string, Map<number, number>>();
    docs.forEach((terms, doc) => {
      for (const term of terms) {
        let posting = counts.get(term);
        if (!posting) counts.set(term, (posting = new Map()));
        posting.set(doc, (posting.get(doc) ?? 0) + 1);
      }
    });
    for (const [term, posting] of counts) {
      const idf = this.idfOf(posting.size);
      const entries = [...posting];
      this.postings.set(term, {
        docs: entries.map(([doc]) => doc),
        weights: entries.map(([doc, tf]) => {
          const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / this.avgLength);
          return (idf * tf * (this.k1 + 1)) / (tf + norm);
        }),
      });
    }
  }

  get size(): number {
    return this.lengths.length;
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  idf(term: string): number {
    return this.idfOf(this.postings.get(term)?.docs.length ?? 0);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Scores for every document (0 where nothing matched); each distinct query term counts once. */
  scores(query: string[]): Float64Array {
    const out = new Float64Array(this.size);
    for (const term of new Set(query)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const { docs, weights } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        out[doc] = (out[doc] ?? 0) + (weights[i] as number);
      }
    }
    return out;
  }
}
