import * as z from 'zod';
import { ASKED, type Filter } from './query.ts';
import type { QueryMemory } from './types.ts';

/**
 * The previous query as stored with a conversation (Redis or the embedded store), validated on
 * the way back in: a context written by another version of the engine is dropped, not trusted.
 */
const FilterSchema: z.ZodType<Filter> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('agency'),
    agencies: z.array(z.string()),
    role: z.enum(['lead', 'partner', 'any', 'data']),
    negate: z.boolean(),
  }),
  z.object({
    kind: z.literal('period'),
    from: z.string(),
    to: z.string(),
    label: z.string(),
    negate: z.boolean(),
  }),
  z.object({ kind: z.literal('has_deadline'), negate: z.boolean() }),
  z.object({ kind: z.literal('has_lead'), negate: z.boolean() }),
  z.object({ kind: z.literal('section'), section: z.number(), negate: z.boolean() }),
  z.object({ kind: z.literal('topic'), words: z.array(z.string()), negate: z.boolean() }),
  z.object({ kind: z.literal('value'), value: z.number(), unit: z.string(), negate: z.boolean() }),
  z.object({
    kind: z.literal('count'),
    measure: z.enum(['leads', 'partners', 'agencies', 'deadlines', 'targets']),
    min: z.number(),
    max: z.number().nullable(),
    negate: z.boolean(),
  }),
  z.object({ kind: z.literal('among'), taskIds: z.array(z.string()), negate: z.boolean() }),
]);

export const QueryMemorySchema: z.ZodType<QueryMemory> = z.object({
  asked: z.enum(ASKED),
  counted: z.enum(['tasks', 'sections', 'deadlines', 'agencies', 'leads', 'partners', 'targets']).optional(),
  date: z.enum(['next', 'earliest', 'latest', 'days_left', 'overdue']).optional(),
  filters: z.array(FilterSchema),
  subjectIds: z.array(z.string()),
});
