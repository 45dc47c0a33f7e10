import * as z from 'zod';

/** A dated milestone: "9月底前实现第三批“川渝通办”事项落地". */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * How a deadline is worded: `by` "6月底前", "2012年10月底前"; `range` "2019年1月1日至12月31日" (date is
 * its end, start its start); `recurring` "每年2月底前" (one deadline per year of the plan);
 * `relative` "印发之日起30日内" (counted from the issue date).
 */
export const DeadlineKindSchema = z.enum(['by', 'range', 'recurring', 'relative']);
export type DeadlineKind = z.infer<typeof DeadlineKindSchema>;

export const DeadlineSchema = z.object({
  label: z.string().min(1), // as written: "9月底前", "年底前"
  date: IsoDate, // last day of the period, in the plan's year (or the year the label names)
  text: z.string().min(1), // the clause the deadline governs
  /** Set by the reader on every deadline it finds. */
  kind: DeadlineKindSchema.optional(),
  /** First day of a range ("2019年1月1日至…"). */
  start: IsoDate.optional(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/** A quantified target: "发放创业担保贷款40亿元". */
export const TargetSchema = z.object({
  value: z.number(),
  unit: z.string(), // "亿元", "个工作日", "%"; '' for an index held to a level ("控制在103左右")
  raw: z.string().min(1), // "40亿元"
  text: z.string().min(1), // the clause it belongs to
});
export type Target = z.infer<typeof TargetSchema>;

/**
 * A time said without a date: "长期坚持", "持续推进" as a time limit, or "印发之日起30日内" in a plan
 * whose issue date is unknown. Kept as said, never given a borrowed date.
 */
export const UndatedSchema = z.object({
  label: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(['ongoing', 'relative']),
});
export type Undated = z.infer<typeof UndatedSchema>;

/** One role as the note words it: "牵头单位", "责任单位", "配合单位", "数据提供单位", "牵头", "负责". */
export const RoleSchema = z.object({
  /** The plan's own word for the role, without its colon. */
  word: z.string().min(1),
  /** `data`: supplies the figures of an indicator (数据提供单位), which is not doing the task. */
  kind: z.enum(['lead', 'responsible', 'partner', 'data', 'other']),
  /** Names as written, generic groups ("省直有关部门") included. */
  agencies: z.array(z.string().min(1)),
});
export type Role = z.infer<typeof RoleSchema>;

export const TaskSchema = z.object({
  /**
   * "4.1" = section 四, item (一); "3.38" = item 38 of section 三; "12" in a plan without sections;
   * "2.1.3" = item 3 under 二(一) where items restart under each (一).
   */
  id: z.string().regex(/^\d+(?:\.\d+){0,2}$/),
  /** 0 in a plan without sections. */
  sectionNumber: z.number().int().nonnegative(),
  item: z.number().int().positive(),
  title: z.string().min(1),
  section: z.string().min(1), // the section's title
  text: z.string().min(1), // the body, without title and note
  sentences: z.array(z.string().min(1)),
  leads: z.array(z.string()),
  partners: z.array(z.string()),
  /** The raw 〔…〕 note, or null where the task has none (section 六). */
  note: z.string().nullable(),
  deadlines: z.array(DeadlineSchema),
  targets: z.array(TargetSchema),
  /** Quoted terms (“…”) that appear in the title or text. */
  terms: z.array(z.string()),
  // Added by the tolerant reader (issue 9); always set by parsePlan, optional for hand-made tasks.
  /** The task's number as the plan writes it: "四(一)", "三38", "12". */
  ref: z.string().min(1).optional(),
  /** The (一) sub-heading a numbered task sits under, or null. */
  group: z.string().nullable().optional(),
  /** Agencies the note makes responsible (责任单位, "X、Y负责", "按职责分工负责"), groups included. */
  responsible: z.array(z.string()).optional(),
  /** Every role the note names, in the plan's own words. */
  roles: z.array(RoleSchema).optional(),
  /** Times said without a date ("长期坚持"). */
  undated: z.array(UndatedSchema).optional(),
  /** 1-based line in the source text where the task starts. */
  line: z.number().int().positive().optional(),
  /** The key of the plan the task belongs to, set when plans are loaded side by side (issue 10). */
  plan: z.string().min(1).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const SectionSchema = z.object({
  number: z.number().int().positive(),
  numeral: z.string().min(1), // "四"
  title: z.string().min(1),
  taskIds: z.array(z.string()),
  /** The section's own opening paragraph (goals, principles), which is not a task. */
  intro: z.string().optional(),
  /**
   * Dated clauses of that paragraph ("在2021年3月底前，全面规范政务服务事项"): the plan's goals,
   * which no task holds and no reminder is sent for. Absent when the paragraph dates nothing.
   */
  goals: z.array(DeadlineSchema).optional(),
});
export type Section = z.infer<typeof SectionSchema>;

/** Something the reader could not place or read, with its line, so an odd plan is never silent. */
export const FindingSchema = z.object({
  line: z.number().int().nonnegative(),
  kind: z.enum([
    'no-note',
    'unread-note',
    'undated-deadline',
    'loose-text',
    'duplicate-id',
    'no-title',
    'no-year',
  ]),
  /** The text concerned, cut to 60 characters. */
  text: z.string(),
  message: z.string().min(1),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Where the plan's year was read: its title, document number, issue date, given, or (last) its text. */
export const YearSourceSchema = z.enum(['title', 'document-number', 'issue-date', 'given', 'text']);
export type YearSource = z.infer<typeof YearSourceSchema>;

/** What identifies a plan among others (issue 10 loads several). */
export const PlanMetaSchema = z.object({
  /** Issuing office: "四川省人民政府办公厅", "国务院"; null when the text does not say. */
  issuer: z.string().nullable(),
  /** Province or city the plan is for ("四川省", "威海市"; "全国" for the State Council); null if unsaid. */
  region: z.string().nullable(),
  yearSource: YearSourceSchema,
  /** Last year the plan covers: 2023 for "2021—2023年", else the year. */
  endYear: z.number().int().min(2000).max(2100),
  /** "国发〔2018〕39号". */
  documentNumber: z.string().nullable(),
  /** "2018-11-16", from the signature date. */
  issueDate: IsoDate.nullable(),
  /** The numbering levels found, outermost first: "一、", "(一)", "1.". */
  levels: z.array(z.string()),
  /** The level whose units are tasks. */
  taskLevel: z.string(),
});
export type PlanMeta = z.infer<typeof PlanMetaSchema>;

export const PlanSchema = z.object({
  title: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  preamble: z.string(),
  /** Sections that hold tasks; empty in a plan without sections (a single-level list). */
  sections: z.array(SectionSchema),
  tasks: z.array(TaskSchema).min(1),
  /** Agencies the plan makes responsible for every task, e.g. 各市(州)人民政府. */
  planWideResponsible: z.array(z.string()),
  /** Every specific agency named in a note, in order of first appearance. */
  agencies: z.array(z.string()),
  // Added by the tolerant reader (issue 9).
  meta: PlanMetaSchema,
  /** Closing text after the last task (remarks, signature), which is not a task. */
  closing: z.string(),
  findings: z.array(FindingSchema),
});
export type Plan = z.infer<typeof PlanSchema>;

/** Staff shorthand → the agency name the plan uses. Loaded from seeds/, never hard-coded. */
export const AliasTableSchema = z.record(z.string().min(1), z.array(z.string().min(1)));
export type AliasTable = z.infer<typeof AliasTableSchema>;
