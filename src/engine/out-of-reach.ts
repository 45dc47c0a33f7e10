import type { Draft } from './answers/task.ts';
import { helpAnswer, scopeAnswer, unknownAnswer } from './answers/meta.ts';
import type { Interpretation } from './interpret.ts';
import type { Filter } from './query.ts';
import type { Executor } from './run.ts';
import { planScope, scopeMismatch } from './slots/scope.ts';
import type { Reading } from './understand.ts';

/** Below this share of its words found in any task, a topic is not the plan's. */
const OFF_TOPIC_COVERAGE = 0.2;
/** Words that make a dated question one about work to be done. */
// An 意见's items are 政策 and 措施, carried out (执行/实施) rather than done.
const ABOUT_WORK =
  /到期|截止|节点|完成|做|干|搞|弄|落实|推进|任务|工作|事|安排|交|办|deadline|计划|要点|政策|措施|执行|实施/;

/**
 * The answer to a question the plan cannot answer from its tasks, before any query runs: empty,
 * help, another year or region, a month or task number that does not exist, a date or city alone
 * with nothing about work. Null when the query should run.
 */
export function outOfReach(env: Executor, interpretation: Interpretation, reading: Reading): Draft | null {
  const { plan } = env;
  const { query, ranked } = interpretation;
  if (reading.text.replace(/[\s?!。，,.]/g, '') === '') return unknownAnswer(plan, { kind: 'empty' });
  if (query.asked === 'help') return helpAnswer(plan, reading.modifiers.thanks);

  const outside = env.scoped ? null : scopeMismatch(query.scope, plan, env.planText);
  if (outside) {
    const own = planScope(plan);
    // A city's plan names its city ("威海市"), a province's its province.
    return scopeAnswer(plan, outside, own.city ? (plan.meta?.region ?? own.city) : own.province);
  }
  if (reading.period?.kind === 'invalid')
    return unknownAnswer(plan, { kind: 'no_such_month', label: reading.period.label });
  if (reading.numbered?.kind === 'missing' && reading.runs.length === 0 && !query.subject) {
    return unknownAnswer(plan, { kind: 'no_such_number', label: reading.numbered.label });
  }

  // "明天会下雨吗", "明天成都天气怎么样": a date or a city alone does not make a question about
  // the plan's work.
  const everywhere = (f: Filter) =>
    f.kind === 'agency' && f.agencies.every((a) => plan.planWideResponsible.includes(a));
  const onlyPeriod =
    query.filters.length > 0 && query.filters.every((f) => f.kind === 'period' || everywhere(f));
  if (
    onlyPeriod &&
    !query.subject &&
    query.asked !== 'dates' &&
    reading.runs.length > 0 &&
    (ranked[0]?.coverage ?? 0) < OFF_TOPIC_COVERAGE &&
    !ABOUT_WORK.test(reading.text)
  ) {
    return unknownAnswer(plan, { kind: 'off_topic' });
  }
  return null;
}
