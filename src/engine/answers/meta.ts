import type { Plan } from '../../plan/model.ts';
import { suggest } from '../format.ts';
import type { Suggestion } from '../types.ts';
import type { Draft } from './task.ts';

/** Example questions, built from the plan itself so a later year's plan gets its own. */
export function exampleSuggestions(plan: Plan): Suggestion[] {
  const term = firstTerm(plan);
  const agency = plan.tasks.find((t) => t.leads.length > 0)?.leads[0];
  const deadline = plan.tasks.flatMap((t) => t.deadlines)[0];
  const out: Suggestion[] = [];
  if (term) out.push(suggest(`谁牵头${term}`, `谁牵头${term}？`));
  if (agency) out.push(suggest(`${agency}负责哪些工作`, `${agency}负责哪些工作？`));
  if (deadline) out.push(suggest(`${deadline.label}要完成什么`, `${deadline.label}要完成什么？`));
  out.push(suggest('计划概况', '计划概况'));
  return out;
}

const firstTerm = (plan: Plan): string | undefined =>
  plan.tasks.flatMap((t) => t.terms.filter((x) => x.length <= 6 && t.leads.length > 0))[0];

export function helpAnswer(plan: Plan, thanked = false): Draft {
  const examples = exampleSuggestions(plan);
  const agency = plan.tasks.find((t) => t.leads.length > 0)?.leads[0] ?? plan.agencies[0] ?? '';
  return {
    intent: 'help',
    agency: null,
    matches: [],
    text: [
      thanked ? '不客气！还可以继续问我：' : `我可以回答《${plan.title}》的问题：`,
      '· 谁牵头某项工作、某单位负责哪些工作',
      '· 某月/年底前要完成什么、某事项什么时候完成',
      '· 量化指标是多少、介绍某项任务（如“3.4”“四(一)”）',
      `· 截止提醒：发送“订阅 ${agency}”或“订阅 ${plan.tasks[0]?.id ?? '1.1'}”，“我的订阅”查看，“退订”取消`,
      `例如：${examples.map((e) => e.text).join(' ')}`,
    ].join('\n'),
    suggestions: examples,
  };
}

export type UnknownReason =
  | { kind: 'empty' }
  | { kind: 'off_topic' }
  | { kind: 'no_agency_tasks'; agency: string }
  | { kind: 'no_such_number'; label: string }
  | { kind: 'no_such_month'; label: string };

function unknownLead(plan: Plan, reason: UnknownReason): string {
  switch (reason.kind) {
    case 'empty':
      return '请输入您的问题。';
    case 'off_topic':
      return '计划中没有找到与此相关的内容，这个问题不在本工作要点范围内。';
    case 'no_agency_tasks':
      return `计划中没有给${reason.agency}分配具体工作。`;
    case 'no_such_number':
      return `计划里没有“${reason.label}”：全文共${plan.sections.length}个部分、${plan.tasks.length}项工作（${plan.tasks[0]?.id}至${plan.tasks.at(-1)?.id}）。`;
    case 'no_such_month':
      return reason.label.includes('日')
        ? `没有“${reason.label}”这一天。`
        : `没有“${reason.label}”：一年只有12个月。`;
  }
}

export function unknownAnswer(plan: Plan, reason: UnknownReason): Draft {
  const examples = exampleSuggestions(plan);
  return {
    intent: 'unknown',
    agency: reason.kind === 'no_agency_tasks' ? reason.agency : null,
    matches: [],
    text: `${unknownLead(plan, reason)}可以这样问：${examples.map((e) => e.text).join(' ')}`,
    suggestions: examples,
  };
}

/** A follow-up with nothing to refer back to. */
export function whichTaskAnswer(plan: Plan): Draft {
  return {
    intent: 'unknown',
    agency: null,
    matches: [],
    text: '请问是哪项工作？可以说关键词或任务编号，例如“川渝通办”或“4.1”。',
    suggestions: exampleSuggestions(plan),
  };
}

/**
 * A question about another year, region or plan: says which plan is loaded and answers nothing
 * from it, since this plan's facts would be wrong there.
 */
export function scopeAnswer(plan: Plan, asked: string, region: string | null): Draft {
  const where = region ? `${region}，` : '';
  return {
    intent: 'scope',
    agency: null,
    matches: [],
    // No example names an agency, a date or a term of this plan: a reply about another plan must not
    // read as this plan's answer ("重庆市…谁牵头" → never this plan's lead). The suggestions carry them.
    text: `现在载入的是《${plan.title}》（${where}${plan.year}年），不含${asked}的内容，无法据此回答${asked}的问题。可以问本计划的内容，例如“计划概况”。`,
    suggestions: exampleSuggestions(plan),
  };
}
