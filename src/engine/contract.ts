import type { Answer } from './types.ts';

/** The answer as the CLI and /api/ask print it: the contract other checks depend on. */
export interface ContractAnswer {
  question: string;
  intent: Answer['intent'];
  agency: string | null;
  tasks: {
    id: string;
    title: string;
    section: string;
    leads: string[];
    partners: string[];
    deadlines: { label: string; date: string; text: string }[];
  }[];
  text: string;
}

export function toContractJson(answer: Answer): ContractAnswer {
  return {
    question: answer.question,
    intent: answer.intent,
    agency: answer.agency,
    tasks: answer.matches.map(({ task }) => ({
      id: task.id,
      title: task.title,
      section: task.section,
      leads: task.leads,
      partners: task.partners,
      deadlines: task.deadlines.map(({ label, date, text }) => ({ label, date, text })),
    })),
    text: answer.text,
  };
}
