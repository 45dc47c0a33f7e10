import type { FindingsBuilder } from './findings.ts';
import { endsWithNote, splitNote } from './notes.ts';
import type { Level, Unit } from './units.ts';

/**
 * Nests units by level: "一、" over "(一)" over "1.", any of them missing. The outermost level that
 * has children is the sections; a (一) with numbered items under it is a sub-heading (group);
 * leaves are tasks. A list where no unit has children ("一、…三十、") is a plan without sections.
 */

export interface OutlineNode {
  unit: Unit;
  children: OutlineNode[];
}

export interface Outline {
  roots: OutlineNode[];
  /** Whether the roots are sections (some root has children) or tasks. */
  sectioned: boolean;
  levels: Level[];
  taskLevel: Level;
}

const RANK: Record<Level, number> = { h1: 0, h2: 1, h3: 2 };

export function buildOutline(units: Unit[], findings: FindingsBuilder): Outline {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  for (const unit of units) {
    if (unit.level === 'text') {
      findings.add(
        unit.line,
        'loose-text',
        unit.body,
        'text after a complete task that fits no level: not read as a task',
      );
      continue;
    }
    const rank = RANK[unit.level];
    while (stack.length > 0 && RANK[(stack.at(-1) as OutlineNode).unit.level as Level] >= rank) stack.pop();
    const node: OutlineNode = { unit, children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  roots.forEach(mergeSparseGroups);
  const sectioned = roots.some((r) => r.children.length > 0);
  const leaves: Level[] = [];
  for (const root of roots) {
    if (!sectioned) leaves.push(root.unit.level as Level);
    else if (root.children.length === 0 && endsWithNote(root.unit.body))
      findings.add(
        root.unit.line,
        'loose-text',
        root.unit.body,
        'a section with a note but no items: not read as a task',
      );
    for (const child of root.children) {
      if (child.children.length === 0) leaves.push(child.unit.level as Level);
      for (const leaf of child.children) leaves.push(leaf.unit.level as Level);
    }
  }
  const levels = (['h1', 'h2', 'h3'] as const).filter((l) => units.some((u) => u.level === l));
  const counts = new Map<Level, number>();
  for (const l of leaves) counts.set(l, (counts.get(l) ?? 0) + 1);
  const taskLevel = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? levels[0] ?? 'h1';
  return { roots, sectioned, levels, taskLevel };
}

const hasNote = (node: OutlineNode): boolean => splitNote(node.unit.body).note !== null;

/**
 * "(一)推进X。1.做A；2.做B。(X牵头)": numbered points under an item whose one note closes the
 * last of them are the item's text, not tasks of their own. Points that carry their own notes (or
 * where none does, as in a list of measures) stay tasks.
 */
function mergeSparseGroups(node: OutlineNode): void {
  node.children.forEach(mergeSparseGroups);
  const kids = node.children;
  // Only an item's points: sections of items with one note among them keep their items.
  if (node.unit.level !== 'h2' || kids.length < 2 || kids.some((k) => k.unit.level !== 'h3')) return;
  const noted = kids.filter(hasNote);
  if (noted.length !== 1 || noted[0] !== kids.at(-1) || hasNote(node)) return;
  node.unit = {
    ...node.unit,
    body: node.unit.body + kids.map((k) => `${k.unit.numeral}.${k.unit.body}`).join(''),
  };
  node.children = [];
}
