import type { Plan } from '../../plan/model.ts';
import type { Role, Span } from '../query.ts';

/**
 * Role words, mapped once. 牵头/主责/主抓 name the lead; 配合/协办 a partner that does not lead;
 * 参与/负责/涉及/承担 any part. The plan's 责任单位 ("按职责分工负责") are every named agency,
 * so 责任 counts as any role.
 */
export const ROLE_WORDS: readonly { role: Role; pattern: RegExp }[] = [
  { role: 'lead', pattern: /牵头|主责|主抓|主办|负总责|挑头/ },
  // A plan's 数据提供单位: "市统计局要提供哪些指标的数据", "谁报数据".
  { role: 'data', pattern: /数据提供|提供.{0,8}数据|报送?.{0,4}数据|数据.{0,2}(?:由|归)?谁(?:提供|报)/ },
  { role: 'partner', pattern: /配合|协办|协助/ },
  { role: 'any', pattern: /参与|负责|涉及|承担|责任|有份/ },
];

/** "不牵头", "非牵头", "不是牵头": a lead role ruled out, which leaves the partner role. */
const NOT_LEAD = /(不|非|不是|没有?)牵头/;
/** "只配合", "只参与不牵头": partners that lead nothing, not every agency that partners somewhere. */
const ONLY_PARTNER = /只(是|做|当)?(配合|协办|参与)|(不|非|不是|没有?|从不|从没|从来不)牵头/;

/** Whether the question asks for agencies that only partner and never lead. */
export const onlyPartners = (text: string): boolean => ONLY_PARTNER.test(text);
/** "牵头加配合都算": both roles. */
const BOTH = /牵头.{0,4}(加|和|与|及|或).{0,4}配合|配合.{0,4}(加|和|与|及|或).{0,4}牵头|都算|都包括/;

/** "是责任单位", "责任部门有哪些": the role a plan labels 责任单位. */
const RESPONSIBLE_LABEL = /责任(?:单位|部门)/;
const labelsApart = new WeakMap<Plan, boolean>();

/**
 * Whether the plan labels 责任单位 beside a labelled 牵头单位 ("牵头单位：A；责任单位：B"): there
 * the 责任单位 are those that do not lead, where a plan without the pair makes every named agency
 * responsible ("A牵头，B按职责分工负责"). Read once per plan.
 */
function labelsResponsibleApart(plan: Plan): boolean {
  let apart = labelsApart.get(plan);
  if (apart === undefined) {
    const words = new Set(plan.tasks.flatMap((t) => (t.roles ?? []).map((r) => r.word)));
    apart = words.has('责任单位') && words.has('牵头单位');
    labelsApart.set(plan, apart);
  }
  return apart;
}

/**
 * The role a question asks of the agencies it names; null when it says none. `plan` gives its
 * own role words their meaning: 责任单位 is the non-leading role where the plan labels it so.
 */
export function roleAsked(text: string, plan?: Plan): Role | null {
  const said = roleWords(text);
  if (said === 'any' && plan && RESPONSIBLE_LABEL.test(text) && labelsResponsibleApart(plan)) {
    return /牵头/.test(text) ? 'any' : 'partner';
  }
  return said;
}

function roleWords(text: string): Role | null {
  if (BOTH.test(text)) return 'any';
  if (NOT_LEAD.test(text)) return 'partner';
  const said = ROLE_WORDS.filter((w) => w.pattern.test(text)).map((w) => w.role);
  if (said.includes('data')) return 'data';
  if (said.includes('partner')) return 'partner';
  if (said.includes('lead')) return 'lead';
  return said.length > 0 ? 'any' : null;
}

const ROLE_WORDS_GLOBAL = ROLE_WORDS.map((w) => new RegExp(w.pattern.source, 'g'));

/** Where the role words are, so the topic leaves them out ("农业农村厅有哪些配合任务"). */
export function roleSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of ROLE_WORDS_GLOBAL) {
    for (const m of text.matchAll(pattern)) {
      spans.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  return spans;
}

/** Said right before a name, these leave it out: "不涉及大数据中心", "除了商务厅以外". */
// "是不是X牵头" asks; "不是X牵头的" leaves X out.
// "有没有年底前…" asks; "没有年底前…" leaves it out.
const NEGATED_BEFORE =
  /(不涉及|不包括|不含|不包含|不算|不计|除去|除了?|(?<!有)没有|(?<!有)没|无|不需要|不用|排除|(?<!是)不是|并非)$/;
const NEGATED_AFTER = /^(不参与|没参与|未参与|不涉及|没有参与|以外|之外|除外|不负责|没份)/;

/** Whether the words around `span` rule the named thing out. */
export function negatedAt(text: string, span: Span): boolean {
  return (
    NEGATED_BEFORE.test(text.slice(Math.max(0, span.start - 4), span.start)) ||
    NEGATED_AFTER.test(text.slice(span.end, span.end + 5))
  );
}

/** A filter on whether tasks have something, with where the question said it. */
export interface Presence {
  has: boolean;
  /** "有没有…": asked, not stated. */
  asked: boolean;
  span: Span;
}

const DEADLINE_WORDS =
  '(截止(时间|日期)?|时间节点|节点|期限|时限|时间要求|deadline|完成时间|具体时间|明确时间|完成时限)';
const QUALIFIER = '(明确的?|具体的?|规定的?)?';
const ASKED_DEADLINE = new RegExp(
  `((?<!所)有没有|有无|是否有|是否设)(设置?|规定)?${QUALIFIER}${DEADLINE_WORDS}`,
);
const LACKS_DEADLINE = new RegExp(
  `(没有|没|无|未设|未|不设|尚未|未明确)(设置?|设定|规定|写|定|订|给)?${QUALIFIER}${DEADLINE_WORDS}`,
);
const HAS_DEADLINE = new RegExp(
  `((?<![所没])有|(?<![建开假增])设置?了?|设定了?|定了|带|规定了?|明确了?)${QUALIFIER}${DEADLINE_WORDS}`,
);
const ASKED_LEAD = /((?<!所)有没有|有无|是否有|是否设)(明确的?)?牵头(单位|部门)?/;
/** A verb of setting a lead down: "没写牵头单位", "未明确牵头单位", "没定牵头单位". */
const SET_DOWN = '(设|设置|设定|写|写明|列|列出|列明|标|标明|注明|明确|指定|定|确定)';
// "从没牵头", "不牵头" say an agency's role, not that a task lacks a lead; "没牵头单位" does.
const LACKS_LEAD = new RegExp(
  `(?<!从)(没有|没|无|未|不)${SET_DOWN}(了)?(明确的?)?(的)?牵头(单位|部门)?|(?<!从)(没有|无)(明确的?)?(的)?牵头(单位|部门)?|(?<!从)(没|未)(明确的?)?(的)?牵头(单位|部门)|牵头(单位|部门)(为空|空缺|没有|是空的)|(一个)?牵头(单位|部门)(都|也)(没有|没)`,
);
const HAS_LEAD = new RegExp(
  `((?<![所没])有|(?<![建开假增没未])设了?|(?<![没未])(明确|指定|写明|列明|确定|定|写|列)了?)(明确的?)?牵头(单位|部门)`,
);

function presence(text: string, asked: RegExp, lacks: RegExp, has: RegExp): Presence | null {
  const at = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });
  const q = asked.exec(text);
  if (q) return { has: true, asked: true, span: at(q) };
  const no = lacks.exec(text);
  if (no) return { has: false, asked: false, span: at(no) };
  const yes = has.exec(text);
  return yes ? { has: true, asked: false, span: at(yes) } : null;
}

/** "有截止时间的", "没有时间节点的", "有没有节点". */
export const findDeadlinePresence = (text: string): Presence | null =>
  DEADLINE_WORD.test(text) ? presence(text, ASKED_DEADLINE, LACKS_DEADLINE, HAS_DEADLINE) : null;
// A cheap test first: most questions say none of these words.
const DEADLINE_WORD = new RegExp(DEADLINE_WORDS);

/** "没有牵头单位的", "有牵头单位的", "有没有牵头单位". */
export const findLeadPresence = (text: string): Presence | null =>
  text.includes('牵头') ? presence(text, ASKED_LEAD, LACKS_LEAD, HAS_LEAD) : null;
