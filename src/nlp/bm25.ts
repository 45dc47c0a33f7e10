/** Okapi BM25 over pre-tokenized documents. Small, allocation-light: it runs on every question. */
export class Bm25Index {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    docs: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = docs.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, docs.length);
    docs.forEach((terms, doc) => {
      for (const term of terms) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = new Map()));
        posting.set(doc, (posting.get(doc) ?? 0) + 1);
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
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
      const idf = this.idf(term);
      for (const [doc, tf] of posting) {
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / this.avgLength);
        out[doc] = (out[doc] ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    return out;
  }
}
