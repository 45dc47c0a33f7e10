import type { Plan } from '../plan/model.ts';
import { normalizeQuestion } from '../nlp/normalize.ts';
import type { Correction, HomophoneCorrector } from '../nlp/corrector.ts';
import { contentRuns } from '../nlp/tokenizer.ts';
import type { AgencyMention, AgencyResolver } from './agencies.ts';
import { CUES, readCues, type Cues } from './cues.ts';
import { findPeriod, type PeriodQuery } from './periods.ts';
import { findNumberedRef, type NumberedRef } from './task-ref.ts';

/** Everything the engine reads off one question before it decides how to answer. */
export interface Reading {
  question: string;
  text: string;
  corrections: Correction[];
  cues: Cues;
  agencies: AgencyMention[];
  numbered: NumberedRef | null;
  period: PeriodQuery | null;
  /** An agency-looking name the plan does not know ("公安厅"), said where an agency would be. */
  unnamedAgency: string | null;
  /** The question's topic words: content runs with agencies, periods and task numbers taken out. */
  runs: string[];
}

export interface Reader {
  plan: Plan;
  corrector: HomophoneCorrector;
  agencies: AgencyResolver;
  timeZone: string;
}

// Said around a period or a task number, these carry no topic.
const PERIOD_WORDS =
  /(\d{1,2}|[一二三四五六七八九十]{1,3})月(份)?(底|末)?(前|之前|以前)?|年底前?|月底前?|月末|年末|年终|年内|今年|全年|上半年|下半年|(第)?[一二三四1-4]季度|(这|本|当|下|上)(个)?(月|季度|周|星期)|(未来|今后|接下来)?\d{1,3}(天|日)(内|之内|以内)|最近的?|近期|即将|马上|(截至|截止到|截止至|到)(?=\d|[一二三四五六七八九十])|前[一二三1-3](个)?季度|前(\d{1,2}|[一二三四五六七八九十]{1,3})个月/g;
const NUMBER_WORDS =
  /最后(一)?(个)?(大部分|部分|大项|板块)|第(\d{1,2}|[一二三四五六七八九十]{1,3})(大部分|部分|大项|方面|板块|章|节)(的|中的|里的)?(第(\d{1,2}|[一二三四五六七八九十]{1,3})(项|条|点|小项|个))?|\d{1,2}\s*[.·]\s*\d{1,2}|(\d{1,2}|[一二三四五六七八九十]{1,3})\s*\(\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)|任务/g;

/** "公安厅负责哪些工作": a name ending like an agency's, right before an agency-scope cue. */
const UNNAMED_AGENCY =
  /^(?:请问)?([\p{Script=Han}()（）]{1,12}?(?:厅|局|委|办|中心|院|海关|分行|政府|公司|集团))(?:的)?(?:负责|牵头|参与|涉及|承担|有)/u;

const ASKING_CUES = [CUES.lead, CUES.when, CUES.figure, CUES.agencyScope, CUES.which, CUES.bothRoles].map(
  (cue) => new RegExp(cue.source, 'g'),
);

export function read(reader: Reader, question: string, now: Date): Reading {
  const normalized = normalizeQuestion(question);
  const { text, corrections } = reader.corrector.correct(normalized);
  const cues = readCues(text);
  // A misspelt agency matters only where an agency is the subject: "X负责哪些", "那X呢".
  const agencies = reader.agencies.find(text, { fuzzy: cues.agencyScope || cues.ellipsis });
  const numbered = findNumberedRef(text, reader.plan);
  const period = findPeriod(text, now, reader.plan.year, reader.timeZone);

  let rest = text;
  for (const a of agencies) rest = rest.replace(a.surface, '，');
  if (period) rest = rest.replace(PERIOD_WORDS, '，');
  if (numbered) rest = rest.replace(NUMBER_WORDS, '，');
  // How a question is asked is not what it is about.
  for (const cue of ASKING_CUES) rest = rest.replace(cue, '，');

  const unnamed = agencies.length === 0 ? UNNAMED_AGENCY.exec(text) : null;
  return {
    question,
    text,
    unnamedAgency: unnamed?.[1] ?? null,
    corrections,
    cues,
    agencies,
    numbered,
    period,
    runs: contentRuns(rest).filter((r) => r.length >= 2 || /[\p{Script=Han}]/u.test(r)),
  };
}
