import { z } from 'zod';

/** A dated milestone: "9月底前实现第三批“川渝通办”事项落地". */
export const DeadlineSchema = z.object({
  label: z.string().min(1), // as written: "9月底前", "年底前"
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), // last day of the period, in the plan's year
  text: z.string().min(1), // the clause the deadline governs
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/** A quantified target: "发放创业担保贷款40亿元". */
export const TargetSchema = z.object({
  value: z.number(),
  unit: z.string().min(1), // "亿元", "个工作日", "%"
  raw: z.string().min(1), // "40亿元"
  text: z.string().min(1), // the clause it belongs to
});
export type Target = z.infer<typeof TargetSchema>;

export const TaskSchema = z.object({
  id: z.string().regex(/^\d+\.\d+$/), // "4.1" = section 四, item (一)
  sectionNumber: z.number().int().positive(),
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
});
export type Task = z.infer<typeof TaskSchema>;

export const SectionSchema = z.object({
  number: z.number().int().positive(),
  numeral: z.string().min(1), // "四"
  title: z.string().min(1),
  taskIds: z.array(z.string()),
});
export type Section = z.infer<typeof SectionSchema>;

export const PlanSchema = z.object({
  title: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  preamble: z.string(),
  sections: z.array(SectionSchema).min(1),
  tasks: z.array(TaskSchema).min(1),
  /** Agencies the plan makes responsible for every task, e.g. 各市(州)人民政府. */
  planWideResponsible: z.array(z.string()),
  /** Every specific agency named in a note, in order of first appearance. */
  agencies: z.array(z.string()),
});
export type Plan = z.infer<typeof PlanSchema>;

/** Staff shorthand → the agency name the plan uses. Loaded from seeds/, never hard-coded. */
export const AliasTableSchema = z.record(z.string().min(1), z.array(z.string().min(1)));
export type AliasTable = z.infer<typeof AliasTableSchema>;
