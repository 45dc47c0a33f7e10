import { PlanFormatError } from '../errors.ts';
import { parseNote } from './agencies.ts';
import { findDeadlines, findTargets } from './milestones.ts';
import { PlanSchema, type Plan, type Section, type Task } from './model.ts';
import { chineseToNumber } from './numerals.ts';
import { repairPlanText, SECTION_HEADING, TASK_START } from './repair.ts';

const YEAR = /((?:19|20)\d{2})年/;
const NOTE = /〔([^〔〕]*)〕\s*$/;

/** Sentences end at 。！？; each keeps its full stop. */
export function splitSentences(text: string): string[] {
  return (text.match(/[^。！？]+[。！？]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 1);
}

function quotedTerms(text: string): string[] {
  const terms = [...text.matchAll(/[“《]([^“”《》]{2,30})[”》]/g)].map((m) => m[1] as string);
  return [...new Set(terms)];
}

function parseTask(unit: string, section: Section, year: number): { task: Task; planWide: string[] } {
  const start = TASK_START.exec(unit);
  if (!start?.[1]) throw new PlanFormatError(`not a task: ${unit.slice(0, 30)}`);
  const item = chineseToNumber(start[1]);
  let rest = unit.slice(start[0].length);

  const noteMatch = NOTE.exec(rest);
  const note = noteMatch?.[1]?.trim() ?? null;
  if (noteMatch) rest = rest.slice(0, noteMatch.index);

  const stop = rest.indexOf('。');
  const title = (stop >= 0 ? rest.slice(0, stop) : rest).trim();
  const text = (stop >= 0 ? rest.slice(stop + 1) : '').trim();
  if (!title || !text)
    throw new PlanFormatError(`task ${section.numeral}(${start[1]}) has no title or no text`);

  const agencies = note ? parseNote(note) : { leads: [], partners: [], planWide: [] };
  const task: Task = {
    id: `${section.number}.${item}`,
    sectionNumber: section.number,
    item,
    title,
    section: section.title,
    text,
    sentences: splitSentences(text),
    leads: agencies.leads,
    partners: agencies.partners,
    note,
    deadlines: findDeadlines(text, year),
    targets: findTargets(text),
    terms: quotedTerms(`${title}。${text}`),
  };
  return { task, planWide: agencies.planWide };
}

/** Parses a plan in the format of the 2022 work points; any year, any number of sections and tasks. */
export function parsePlan(raw: string): Plan {
  const { title, units } = repairPlanText(raw);
  const year = Number(YEAR.exec(title)?.[1]);
  if (!title || !year) throw new PlanFormatError('the plan has no title with a year (like "2022年工作要点")');

  const sections: Section[] = [];
  const tasks: Task[] = [];
  const planWide = new Set<string>();
  let preamble = '';

  for (const unit of units) {
    const heading = SECTION_HEADING.exec(unit);
    if (heading?.[1] && heading[2] && !TASK_START.test(unit) && !/[。]/.test(unit)) {
      const number = chineseToNumber(heading[1]);
      sections.push({ number, numeral: heading[1], title: heading[2], taskIds: [] });
      continue;
    }
    const section = sections.at(-1);
    if (!section) {
      preamble += unit;
      continue;
    }
    const { task, planWide: wide } = parseTask(unit, section, year);
    wide.forEach((a) => planWide.add(a));
    section.taskIds.push(task.id);
    tasks.push(task);
  }

  const agencies = [...new Set(tasks.flatMap((t) => [...t.leads, ...t.partners]))];
  const result = PlanSchema.safeParse({
    title,
    year,
    preamble,
    sections,
    tasks,
    planWideResponsible: [...planWide],
    agencies,
  });
  if (!result.success)
    throw new PlanFormatError(`the parsed plan is invalid: ${result.error.message}`, { cause: result.error });
  if (sections.some((s) => s.taskIds.length === 0)) throw new PlanFormatError('a section has no tasks');
  return result.data;
}
