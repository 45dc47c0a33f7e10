import { PlanFormatError } from '../errors.ts';
import { CONVENTION, isGenericAgency, parseNote } from './agencies.ts';

const specificAgencies = (names: string[]): string[] => names.filter((n) => !isGenericAgency(n));
import { findTimes, type DatingContext } from './deadlines.ts';
import { planFindings, type FindingsBuilder } from './findings.ts';
import { planRegion, planYear, readHeader } from './header.ts';
import { planLines } from './lines.ts';
import { findTargets } from './milestones.ts';
import { PlanSchema, type Plan, type Section, type Task } from './model.ts';
import { chineseToNumber } from './numerals.ts';
import { endsWithNote, splitNote } from './notes.ts';
import { buildOutline, type OutlineNode } from './outline.ts';
import { cutUnits, hasArabicItems, LEVEL_LABELS, opener, type Unit } from './units.ts';

/**
 * The tolerant reader: any plan of the genre (see issue 9's traits) → one zod-validated Plan.
 * It loads what it understands and reports the rest as findings, each with its line; it refuses
 * (PlanFormatError) only a text with no task at all, or with no year from any source.
 */

export interface ParseOptions {
  /** The year when neither the title, the document number nor the issue date gives one. */
  year?: number;
}

/** Sentences end at 。！？; each keeps its full stop. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^。！？]+[。！？]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 1);
}

function quotedTerms(text: string): string[] {
  const terms = [...text.matchAll(/[“《]([^“”《》]{2,30})[”》]/g)].map((m) => m[1] as string);
  return [...new Set(terms)];
}

/** A short first sentence without commas is the item's title; otherwise the item has none. */
export function splitTitle(rest: string): { title: string; text: string } {
  const body = rest.trim();
  const stop = body.indexOf('。');
  if (stop < 0) return { title: body, text: body };
  const first = body.slice(0, stop).trim();
  const after = body.slice(stop + 1).trim();
  if (after && first.length <= 40 && !/[，；]/.test(first)) return { title: first, text: after };
  return { title: first || body, text: body };
}

/**
 * A task's title: its first line when that is a short heading with no punctuation and the text goes
 * on below it ("一、推进证照分离改革" / "全面实施…"); else its first sentence (splitTitle).
 */
function taskTitle(unit: Unit, rest: string): { title: string; text: string } {
  const first = unit.firstLine.trim();
  const after = rest.trim().slice(first.length).trim();
  if (first && first.length <= 30 && !/[。，；：！？]/.test(first) && rest.trim().startsWith(first) && after)
    return { title: first, text: after };
  return splitTitle(rest);
}

/** Heading text of a section: its first line when that is a heading, else its first sentence. */
function sectionHeading(unit: Unit): { title: string; intro: string } {
  const first = unit.firstLine.trim();
  if (first && !/[。；]/.test(first) && first.length <= 60)
    return { title: first, intro: unit.body.slice(unit.firstLine.length).trim() };
  const { title, text } = splitTitle(unit.body);
  return { title, intro: text === unit.body.trim() ? '' : text };
}

interface Context {
  dating: DatingContext;
  findings: FindingsBuilder;
  firstLeads: boolean;
  planWide: Set<string>;
  planTitle: string;
}

function readTask(
  node: OutlineNode,
  section: OutlineNode | null,
  group: OutlineNode | null,
  ctx: Context,
  groupInId = false,
): Task {
  const { unit } = node;
  const split = splitNote(unit.body);
  const { title, text } = taskTitle(unit, split.rest);
  const agencies = split.note ? parseNote(split.note, ctx.firstLeads) : null;
  if (agencies?.declaresFirstLeads) ctx.firstLeads = true;
  agencies?.planWide.forEach((a) => ctx.planWide.add(a));
  const times = findTimes(text, ctx.dating);
  if (split.note) {
    const inNote = findTimes(split.note, ctx.dating);
    times.deadlines.push(...inNote.deadlines);
    times.undated.push(...inNote.undated);
    times.unreadable.push(...inNote.unreadable);
  }
  const sectionNumber = section ? section.unit.number : 0;
  // Numbers that restart under each (一) of a section need the (一) to stay apart: "2.1.3".
  const own = groupInId && group ? `${group.unit.number}.${unit.number}` : `${unit.number}`;
  const id = section ? `${sectionNumber}.${own}` : own;
  const ref = section
    ? `${section.unit.numeral}${group ? `(${group.unit.numeral})` : ''}${unit.level === 'h2' ? `(${unit.numeral})` : unit.numeral}`
    : unit.numeral;
  const task: Task = {
    id,
    sectionNumber,
    item: unit.number,
    title,
    section: section ? sectionHeading(section.unit).title : ctx.planTitle,
    text,
    sentences: splitSentences(text),
    leads: agencies?.leads ?? [],
    partners: agencies?.partners ?? [],
    note: split.note,
    deadlines: times.deadlines,
    targets: findTargets(text),
    terms: quotedTerms(`${title}。${text}`),
    ref,
    group: group ? sectionHeading(group.unit).title : null,
    responsible: agencies?.responsible ?? [],
    roles: agencies?.roles ?? [],
    undated: times.undated,
    line: unit.line,
  };
  if (split.note && agencies && agencies.roles.length === 0 && agencies.planWide.length === 0)
    ctx.findings.add(
      unit.line,
      'unread-note',
      split.note,
      `task ${id}: the note names no role the reader knows`,
    );
  for (const u of times.unreadable)
    ctx.findings.add(
      unit.line,
      'undated-deadline',
      u.label,
      `task ${id}: "${u.label}" has no date (${u.why})`,
    );
  return task;
}

export function parsePlan(raw: string, options: ParseOptions = {}): Plan {
  const lines = planLines(raw);
  const arabicItems = hasArabicItems(lines);
  const firstOpen = lines.findIndex((l) => opener(l.text, arabicItems) !== null);
  if (firstOpen < 0)
    throw new PlanFormatError('no task found: the text has no numbered item ("一、", "(一)" or "1.")');
  const units = cutUnits(lines.slice(firstOpen), endsWithNote, chineseToNumber);
  const lastNumbered = units.findLastIndex((u) => u.level !== 'text');
  const closingUnits = units.slice(lastNumbered + 1);
  const header = readHeader(
    lines.slice(0, firstOpen),
    closingUnits.map((u) => ({ n: u.line, text: u.body })),
  );
  const findings = planFindings();
  // A text that starts with its preamble still loads, named by its first words.
  const title = header.title || (lines[0]?.text ?? '').split(/[，。；：]/)[0]?.slice(0, 40) || '未命名计划';
  if (!header.title)
    findings.add(
      lines[0]?.n ?? 0,
      'no-title',
      title,
      'no title line before the text: named by its first words',
    );
  const year = planYear(header, options.year, lines.map((l) => l.text).join('\n'));
  if (!year)
    throw new PlanFormatError(
      'the plan has no year: none in its title, document number, issue date or text; give --year or PLAN_YEAR',
    );
  if (year.source === 'text')
    findings.add(
      lines[0]?.n ?? 0,
      'no-year',
      title,
      `no year in the title, document number or issue date: ${year.year}, the year the text names most, is assumed (give --year or PLAN_YEAR to set it)`,
    );

  const outline = buildOutline(units.slice(0, lastNumbered + 1), findings);
  const ctx: Context = {
    dating: { year: year.year, endYear: year.endYear, issueDate: header.issueDate },
    findings,
    // The convention may be declared before the first item, in the notice or the preamble.
    firstLeads: lines.slice(0, firstOpen).some((l) => CONVENTION.test(l.text)),
    planWide: new Set(),
    planTitle: title,
  };

  const sections: Section[] = [];
  const tasks: Task[] = [];
  const ids = new Set<string>();
  const addTask = (
    node: OutlineNode,
    section: OutlineNode | null,
    group: OutlineNode | null,
    groupInId: boolean,
  ): string | null => {
    const task = readTask(node, section, group, ctx, groupInId);
    if (ids.has(task.id)) {
      findings.add(
        node.unit.line,
        'duplicate-id',
        node.unit.body,
        `a second task numbered ${task.id} is left out`,
      );
      return null;
    }
    ids.add(task.id);
    tasks.push(task);
    return task.id;
  };
  for (const top of outline.roots) {
    if (!outline.sectioned) {
      addTask(top, null, null, false);
      continue;
    }
    const { title: sectionTitle, intro } = sectionHeading(top.unit);
    const section: Section = {
      number: top.unit.number,
      numeral: top.unit.numeral,
      title: sectionTitle,
      taskIds: [],
    };
    if (intro) section.intro = intro;
    const goals = intro ? findTimes(intro, ctx.dating).deadlines : [];
    if (goals.length > 0) section.goals = goals;
    const leaves = top.children.flatMap((child): [OutlineNode, OutlineNode | null][] =>
      child.children.length > 0 ? child.children.map((c) => [c, child]) : [[child, null]],
    );
    const numbers = leaves.map(([leaf]) => leaf.unit.number);
    const restarts = new Set(numbers).size < numbers.length;
    for (const [leaf, group] of leaves) {
      const id = addTask(leaf, top, group, restarts);
      if (id) section.taskIds.push(id);
    }
    sections.push(section);
  }
  if (tasks.length === 0) throw new PlanFormatError('no task found: the numbered items carry no text');
  // Agencies made responsible for every task ("以下任务均需各区市政府、开发区管委落实") are not one task's partners.
  for (const t of tasks) t.partners = t.partners.filter((p) => !ctx.planWide.has(p));
  noteFindings(tasks, sections, findings);

  const result = PlanSchema.safeParse({
    title,
    year: year.year,
    preamble: header.preamble,
    sections,
    tasks,
    planWideResponsible: [...ctx.planWide],
    // Data providers (数据提供单位) are named too, so a question can ask what they supply.
    agencies: [
      ...new Set(
        tasks.flatMap((t) => [
          ...t.leads,
          ...t.partners,
          ...(t.roles ?? []).filter((r) => r.kind === 'data').flatMap((r) => specificAgencies(r.agencies)),
        ]),
      ),
    ],
    meta: {
      issuer: header.issuer,
      region: planRegion(header.issuer, title),
      yearSource: year.source,
      endYear: year.endYear,
      documentNumber: header.documentNumber,
      issueDate: header.issueDate,
      levels: outline.levels.map((l) => LEVEL_LABELS[l]),
      taskLevel: LEVEL_LABELS[outline.taskLevel],
    },
    closing: closingUnits.map((u) => u.body).join('\n'),
    findings: findings.list(),
  });
  if (!result.success)
    throw new PlanFormatError(`the parsed plan is invalid: ${result.error.message}`, { cause: result.error });
  return result.data;
}

/** An item without a note is worth a finding only where its neighbours carry one. */
function noteFindings(tasks: Task[], sections: Section[], findings: FindingsBuilder): void {
  const groups =
    sections.length > 0 ? sections.map((s) => tasks.filter((t) => s.taskIds.includes(t.id))) : [tasks];
  for (const group of groups) {
    if (!group.some((t) => t.note !== null)) continue;
    for (const t of group.filter((x) => x.note === null))
      findings.add(t.line ?? 0, 'no-note', t.title, `task ${t.id} has no responsibility note`);
  }
}
