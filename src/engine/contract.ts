import type { Filter, Query } from './query.ts';
import type { Answer } from './types.ts';

/**
 * How the question was read, so an answer can be explained and tests can assert the reading:
 * what is asked (and the phrase that said so), the filters applied with AND, the tasks named,
 * the topic words and any year, region or plan title the question names.
 */
export interface ContractQuery {
  asked: Query['asked'];
  cue: string;
  counted?: Query['counted'];
  date?: Query['date'];
  filters: Filter[];
  subject: Query['subject'];
  each: boolean;
  topic: string[];
  scope: { year: number | null; region: string | null; title: string | null } | null;
}

/** The answer as the CLI and /api/ask print it: the contract other checks depend on. */
export interface ContractAnswer {
  question: string;
  intent: Answer['intent'];
  agency: string | null;
  /** The key of the plan answered from (issue 10), on the answer and on each task. */
  plan?: string;
  tasks: {
    plan?: string;
    id: string;
    title: string;
    section: string;
    leads: string[];
    partners: string[];
    deadlines: { label: string; date: string; text: string }[];
  }[];
  text: string;
  /** null for replies no question produced (a subscription command). */
  query: ContractQuery | null;
}

function contractQuery(query: Query | null | undefined): ContractQuery | null {
  if (!query) return null;
  return {
    asked: query.asked,
    cue: query.cue,
    ...(query.counted ? { counted: query.counted } : {}),
    ...(query.date ? { date: query.date } : {}),
    filters: query.filters,
    subject: query.subject,
    each: query.each,
    topic: query.topic,
    scope: query.scope
      ? {
          year: query.scope.year?.value ?? null,
          region: query.scope.region?.value ?? null,
          title: query.scope.title?.value ?? null,
        }
      : null,
  };
}

export function toContractJson(answer: Answer): ContractAnswer {
  return {
    question: answer.question,
    intent: answer.intent,
    agency: answer.agency,
    ...(answer.plan ? { plan: answer.plan } : {}),
    tasks: answer.matches.map(({ task }) => ({
      ...(task.plan ? { plan: task.plan } : {}),
      id: task.id,
      title: task.title,
      section: task.section,
      leads: task.leads,
      partners: task.partners,
      deadlines: task.deadlines.map(({ label, date, text }) => ({ label, date, text })),
    })),
    text: answer.text,
    query: contractQuery(answer.query),
  };
}
