import type { Finding } from './model.ts';

/** Collects findings in line order, each with a short excerpt of the text concerned. */
export interface FindingsBuilder {
  add(line: number, kind: Finding['kind'], text: string, message: string): void;
  list(): Finding[];
}

export function planFindings(): FindingsBuilder {
  const found: Finding[] = [];
  return {
    add(line, kind, text, message) {
      found.push({ line, kind, text: text.length > 60 ? `${text.slice(0, 59)}…` : text, message });
    },
    list: () => [...found].sort((a, b) => a.line - b.line),
  };
}
