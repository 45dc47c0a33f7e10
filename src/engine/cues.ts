import type { Asked, Counted, DateAsk, Span } from './query.ts';

/**
 * What must hold for a phrase to say what is asked:
 * - `claim`: the question states something to check (an agency, a date, a figure, a section…);
 * - `two_sides`: two agencies or two tasks to compare;
 * - `no_subject`: no task is named ("所有牵头单位" vs "川渝通办的牵头单位");
 * - `set`: a filter that picks a set of tasks (agency, period, section, presence…), or no topic.
 */
export type Requirement = 'claim' | 'two_sides' | 'no_subject' | 'set';

/** One way of asking: a named phrase, what it asks, and its priority over other phrases. */
export interface AskPhrase {
  name: string;
  asks: Asked;
  priority: number;
  pattern: RegExp;
  requires?: Requirement;
  counted?: Counted;
  date?: DateAsk;
  /** Content words as well as a cue ("措施", "要求"): left in the topic. */
  keep?: boolean;
}

/**
 * The phrase table. Every phrase that matches is a candidate; the highest priority whose
 * requirement holds says what is asked. Order in this list means nothing.
 */
export const ASK_PHRASES: readonly AskPhrase[] = [
  {
    name: 'help',
    asks: 'help',
    priority: 100,
    pattern:
      /^(谢谢|多谢|感谢|thanks?|thank you|好的|收到)[!。?]*$|怎么订阅|如何订阅|订阅(什么|怎么用)|怎么(设置)?提醒|^(\/?help|\/?start|帮助|使用说明|说明|怎么用|如何使用|怎么问|能问什么|可以问什么|你能做什么|你会什么|你是谁|功能|菜单|你好|您好|hi|hello|在吗)[?!。]*$/,
  },
  {
    name: 'rank_agencies',
    asks: 'rank',
    priority: 90,
    counted: 'agencies',
    pattern:
      // "◇" is where a slot was: "最多的◇◇◇◇部门" is "最多的前三个部门".
      /(哪个|哪家|哪些|什么|谁)(部门|单位|厅|局)?[^，?]{0,10}(最多|最少|排(第一|前|名))|(最多|最少)的?(是)?(哪个|哪家|哪些|◇+)?(部门|单位)|(最多|最少)的?◇+|(排名|排行|排在)◇+|(部门|单位)(排名|排行)|(任务数|任务量|工作量)[^，?]{0,4}◇+的?(部门|单位)|(部门|单位)[^，?]{0,6}按[^，?]{0,6}(排|排名|排序|排个名|排一下)/,
  },
  {
    name: 'rank_sections',
    asks: 'rank',
    priority: 91,
    counted: 'sections',
    pattern:
      /哪(个|一)?(大)?(部分|板块|方面)[^，?]{0,8}(最多|最少)|(最多|最少)的(是)?(哪个|哪一)?(部分|板块)/,
  },
  {
    name: 'rank_months',
    asks: 'rank',
    priority: 92,
    counted: 'deadlines',
    pattern: /(哪个|哪一个|几)月(份)?[^，?]{0,8}(最多|最少|最集中)/,
  },
  {
    name: 'which_section',
    asks: 'rank',
    priority: 88,
    counted: 'sections',
    requires: 'set',
    pattern: /哪(个|些|一|几个)?(大)?(部分|板块)/,
  },
  {
    name: 'enumerate_sections',
    asks: 'count',
    priority: 77,
    counted: 'sections',
    pattern:
      /(各|每个|所有|全部|这些)(个)?(大)?部分(的)?(标题|名称|题目|名字|都是|分别)|(分|有)(哪几|哪些)(个)?(大)?部分|部分(的)?(标题|名称)/,
  },
  {
    name: 'rank_tasks',
    asks: 'rank',
    priority: 89,
    counted: 'deadlines',
    pattern:
      /(哪项|哪个任务|哪项工作|哪一项)[^，?]{0,8}(节点|截止|配合单位|参与单位|部门|单位)[^，?]{0,4}(最多|最少)|(节点|截止日期|配合单位|参与单位)(最多|最少)的(任务|工作|事项)/,
  },
  {
    name: 'compare_when',
    asks: 'compare',
    priority: 86,
    requires: 'two_sides',
    pattern:
      /(哪个|哪项|谁|哪一个)(先|更早|早)|(截止|到期|完成|节点)(得|的)?(更)?早|先(到期|截止|完成)|早一些/,
  },
  {
    name: 'compare_later',
    asks: 'compare',
    priority: 86,
    requires: 'two_sides',
    pattern:
      /(哪个|哪项|谁|哪一个)(后|更晚|晚|更迟|迟)|(截止|到期|完成|节点)(得|的)?(更)?(晚|迟)|后(到期|截止|完成)|晚一些/,
  },
  {
    // "1.2比5.1早几天", "相差多少天": how many days lie between two tasks' milestones.
    name: 'compare_days',
    asks: 'compare',
    priority: 87,
    requires: 'two_sides',
    pattern: /(早|晚|迟|差|相差|相隔|间隔|隔)了?(多少|几)(天|日)|(多少|几)天(之|的)?(差|间隔)/,
  },
  {
    name: 'compare_same',
    asks: 'compare',
    priority: 86,
    requires: 'two_sides',
    pattern: /(一样|相同|同样|同一(个|家|批)?|一致)(吗|么|不|嘛)?|是不是同/,
  },
  {
    name: 'compare_more',
    asks: 'compare',
    priority: 86,
    requires: 'two_sides',
    pattern:
      /(谁|哪个|哪家|哪项)(牵头|参与|负责|涉及|配合)?的?(任务|工作|单位|部门|配合单位|牵头单位|时间节点|节点|截止日期)?(更)?(多|少)|(多|少)(一些|几项)/,
  },
  {
    name: 'check_exists',
    asks: 'check',
    priority: 81,
    requires: 'claim',
    pattern: /有没有|有无|是否有|是不是有/,
  },
  {
    name: 'check_yes_no',
    asks: 'check',
    priority: 80,
    requires: 'claim',
    pattern: /是不是|是否|对吗|对不对|对么|对吧|没错吧|吗[?]?$|(?<!什|怎)么[?]?$/,
  },
  {
    name: 'dates_days_left',
    asks: 'dates',
    priority: 79,
    date: 'days_left',
    // The lookahead keeps what lies between ("距离掌上办清单截止还有几天") in the topic.
    pattern:
      /(还有|还剩|剩下?|仅剩)(多少|几)(天|日)|(多少|几)天(后|以后|之后)?(就)?(到期|截止)|(距离?|离)(?=[^，?]{0,14}(多少|几)(天|日))/,
  },
  {
    name: 'dates_earliest',
    asks: 'dates',
    priority: 78,
    date: 'earliest',
    requires: 'no_subject',
    pattern: /最早(的)?(一个|一批)?(截止|节点|时间节点|到期|deadline|期限)|第一个(截止|节点|到期)/,
  },
  {
    name: 'dates_latest',
    asks: 'dates',
    priority: 78,
    date: 'latest',
    requires: 'no_subject',
    pattern: /(最晚|最迟|最后)(的)?(一个|一批)?(截止|节点|时间节点|到期|deadline|期限)/,
  },
  {
    name: 'enumerate_leads',
    asks: 'enumerate',
    priority: 76,
    counted: 'leads',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|有哪些|都有谁|都是谁)的?牵头(单位|部门)|牵头(单位|部门)(都|一共|总共)?(有哪些|有谁|是哪些|有几个|有多少)/,
  },
  {
    name: 'enumerate_each_agency',
    asks: 'enumerate',
    priority: 77,
    counted: 'leads',
    pattern: /(每个|各个|每家|各)(部门|单位)(各|分别|都)?(牵头|负责|参与|管)(了)?(哪些|什么|啥)/,
  },
  {
    name: 'enumerate_agencies',
    asks: 'enumerate',
    priority: 75,
    counted: 'agencies',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|一共|总共)(的)?(部门|单位)|(涉及|参与|点名|提到|列出)(了)?(的)?(哪些|多少|几个|几家)(部门|单位)|(部门|单位)(都|一共|总共)?(有哪些|有多少|有几个)|(部门|单位)(都|全部|全都)?(列出来|列一下|列全|列个清单)/,
  },
  {
    name: 'enumerate_milestones',
    asks: 'enumerate',
    priority: 74,
    counted: 'deadlines',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|有哪些|列出)(的)?(时间)?节点|(时间)?节点(都)?有哪些|时间表|(时间|日期)(先后)?顺序|(按|依)(日期|时间|截止日期|节点)(先后)?(顺序)?(排|列)|(从|由)(早|前)(到|往|至)(晚|后)|(从|由)(晚|后)(到|往|至)(早|前)/,
  },
  {
    name: 'enumerate_targets',
    asks: 'enumerate',
    priority: 74,
    counted: 'targets',
    requires: 'no_subject',
    pattern: /(所有|全部|哪些|有哪些|列出)(的)?(量化)?(指标|目标)|量化(指标|目标)(都)?(有哪些)?/,
  },
  {
    // "总共多少任务多少节点": two counts in one question, which the overview's first line gives.
    name: 'count_tasks_and_deadlines',
    asks: 'overview',
    priority: 76,
    requires: 'no_subject',
    pattern:
      /(几|多少)(项|个|条)?(任务|工作)[^，?]{0,6}(几|多少)(个)?(时间)?节点|(几|多少)(个)?(时间)?节点[^，?]{0,6}(几|多少)(项|个|条)?(任务|工作)/,
  },
  {
    name: 'count_sections',
    asks: 'count',
    priority: 73,
    counted: 'sections',
    pattern: /(?<!哪)(几|多少)(个)?(大)?(部分|板块|方面)/,
  },
  {
    name: 'count_deadlines',
    asks: 'count',
    priority: 72,
    counted: 'deadlines',
    pattern:
      /(?<!哪)(几|多少)(个)?(时间)?(节点|截止(日期|时间)?|deadline)|(节点|截止日期)(有|共|一共|总共)?(几|多少)个/,
  },
  {
    name: 'count_agencies',
    asks: 'count',
    priority: 72,
    counted: 'agencies',
    pattern:
      /(?<!哪)(几|多少)(个|家)(牵头|配合|参与|协办|责任)?(部门|单位|厅局)|(单位|部门)(一共|总共|共|共有|有)?(几|多少)(个|家)/,
  },
  {
    name: 'count_work',
    asks: 'count',
    priority: 71,
    counted: 'tasks',
    pattern:
      /(?<!哪)(几|多少)(项|条|个|件)(工作|任务)(?!日)|(工作|任务)(有|共|一共|总共)?(几|多少)(项|条|个)/,
  },
  {
    name: 'count_items',
    asks: 'count',
    priority: 70,
    counted: 'tasks',
    requires: 'set',
    pattern: /(?<!哪)(几|多少)(项|条)|(一共|总共|共有|合计|总计)(有)?(几|多少)/,
  },
  {
    name: 'section_of',
    asks: 'describe',
    priority: 67,
    pattern:
      /(是|属于|归|在|出自)?哪(个|一)?(大)?(部分|板块)(的|里|中)?[?]?$|(属于|归)(第几|哪)(个)?(部分|板块)/,
  },
  {
    name: 'partners',
    asks: 'partners',
    priority: 66,
    pattern: /(配合|协办|参与|责任|协同)(单位|部门)|谁(来)?(配合|协办)|(配合|协办)的(是|有|单位|部门)/,
  },
  {
    name: 'tasks_of',
    asks: 'tasks',
    priority: 65,
    requires: 'set',
    pattern:
      /(负责|牵头|参与|涉及|承担|分管|主抓|主责|配合|管|协办)(了|做|干)?(哪|什么|啥|几|多少|那些)|(有|管)(哪些|什么|啥|几项|多少)(工作|任务|事)?|(工作|任务|事项)(有哪些|是什么)|(工作|任务)(清单|列表)|(干|做)(什么|啥)|职责|有分工|分工(的|是|有)|作为配合|哪(些|几)(项|个|条)?(工作|任务|事项|事)|是哪(一)?(项|几项|些)|哪几项|哪项|有(我们|我)的|的活/,
  },
  {
    name: 'leads',
    asks: 'leads',
    priority: 62,
    pattern:
      /谁.{0,2}(牵头|负责|主抓|主管|管|抓)|牵头(单位|部门|方|的是|是谁|人)|由(哪|谁)|哪(个|些|家)(部门|单位|厅|局|机构)|归(谁|哪)|责任(主体|人)|主管(部门|单位)|负责(单位|部门)|谁的(事|活|工作)|(是|哪个|哪家).{0,4}牵头的?|牵头[?？]?$|主责/,
  },
  {
    name: 'when',
    asks: 'when',
    priority: 60,
    pattern:
      /什么时候|啥时候|何时|几时|什么时间|的时间[?]?$|时间(是|呢|定在)|(哪天|哪一天|几号|几日)(前|之前)?|几月|截止(时间|日期)?|期限|时间节点|时间要求|时间安排|完成时间|到期|deadline|节点|多久|多长时间/,
  },
  {
    name: 'figure',
    asks: 'figure',
    priority: 60,
    pattern:
      /多少|(?<!哪)几(个|项|类|家|万|亿|天|批|成|倍)|百分之几|比例|比率|目标(值|是)|指标|数量|规模|金额|额度/,
  },
  {
    name: 'which_task',
    asks: 'tasks',
    priority: 52,
    pattern:
      /(出自|是|属于|在)哪(一)?(条|项|部分)(里|中|任务)?|哪项|哪条|哪几(项|条)|提到|说到|讲到|写到|写了|涉及到?/,
  },
  {
    name: 'list',
    asks: 'tasks',
    priority: 50,
    pattern: /有哪些|有什么|有啥|包括|包含|哪几|都有|要(做|完成|干|办)(什么|啥|哪些)|要完成|完成(什么|哪些)/,
  },
  {
    name: 'overview',
    asks: 'overview',
    priority: 45,
    requires: 'no_subject',
    pattern:
      /概况|概述|总体|整体|总览|概要|有哪些(部分|方面|板块)|多少项任务|(所有|全部)(的)?(任务|工作|事项|内容)|讲了(些)?(什么|啥)|讲(的)?(是)?(什么|啥)|说了(些)?(什么|啥)|(大概|大致|大体|基本|主要)(的)?(内容|讲|说|是|有)(了|的|些)?(什么|啥)?|要点是什么|是什么计划|计划(是)?什么/,
  },
  {
    // The plan's own particulars ("这个方案是哪年的", "文件叫什么"): the overview leads with them.
    name: 'plan_particulars',
    asks: 'overview',
    priority: 46,
    requires: 'no_subject',
    pattern: /哪一?年(的|出的|印发|发布|发的|制定)|叫(什么|啥)|(名称|标题|全称|题目|文号)(是)?(什么|啥)?/,
  },
  {
    // Who issued the plan ("谁发的文", "哪个单位印发的") and for where ("是哪个省的"): above the
    // lead phrases, whose "哪个单位" it shares; a question naming a task asks about the task.
    name: 'plan_issuer',
    asks: 'overview',
    priority: 69,
    requires: 'no_subject',
    pattern:
      /(谁|哪个单位|哪个部门|哪家|哪个机关|什么单位|什么机关)(发|印发|发布|制定|出|下发)(的|了)?(文|文件)?|发文(单位|机关|部门)|印发(单位|机关|部门)/,
  },
  {
    // The plan's 文号 ("文号是多少", "发文字号"): above the figure phrases, whose "多少" it shares.
    name: 'plan_number',
    asks: 'overview',
    priority: 69,
    requires: 'no_subject',
    pattern: /(发文)?(字号|文号)|文件(编)?号|发文(编)?号/,
  },
  {
    name: 'plan_region',
    asks: 'overview',
    priority: 69,
    requires: 'no_subject',
    pattern: /(是)?哪(个|一)?(省|地区|地方|市)(的|出的|发的)/,
  },
  {
    // Words that name the plan's outline but also occur in its tasks ("证照目录"): kept in the topic.
    name: 'overview_words',
    asks: 'overview',
    priority: 44,
    requires: 'no_subject',
    keep: true,
    pattern: /大纲|目录|主要内容/,
  },
  {
    name: 'describe',
    asks: 'describe',
    priority: 30,
    keep: true,
    pattern: /介绍|讲讲|说说|是什么|什么是|内容|怎么(做|推进|落实)|措施|举措|要求|具体|是指|指什么/,
  },
];

/** How a question is phrased around what it asks: modifiers read alongside the phrase table. */
export const MODIFIERS = {
  thanks: /^(谢谢|多谢|感谢|thanks?|thank you)/,
  /** "牵头加配合都算": both roles, whatever else is said. */
  bothRoles: /牵头.{0,4}(加|和|与|及|或).{0,4}配合|配合.{0,4}(加|和|与|及|或).{0,4}牵头|都算|都包括/,
  /** "X和Y分别…", "各自": answered for each. */
  each: /分别|各自|各(牵头|负责|参与)/,
  /** A list is asked for: "有哪些", "包括什么", "哪几项". */
  listing: /有哪些|有什么|包括|包含|哪几|多少项|几项|都有/,
  /** A part of the plan is named as such: "监管方面", "第一部分", "这一块", "成渝那块". */
  part: /(那|这)?一?个?大?(方面|部分|板块|领域|大项|章)|这一块|那一?块|这块/,
  /** The plan's shape rather than its tasks: "计划概况", "大纲". */
  outline: /概况|概述|总体|整体|总览|概要|大纲|目录|几个部分|哪些部分/,
  /** What a subject-less list asks for: "有哪些任务", "任务清单". */
  listOfWork: /任务|工作|事项|清单|内容/,
  /** Words that point back to what was just discussed. */
  pronoun: /它|这个|这项|该项|这件|那个|那项|上面|刚才|此项|这一项|该任务|这条/,
  /** "其中有截止时间的呢", "这些里面…": narrows the previous answer's tasks. */
  narrow: /其中|这些(里|中|当中)|里面哪|当中/,
  /** "那市场监管局呢": same question, new subject. */
  ellipsis: /^(那|那么|还有|再问|换成)|呢[?？]?$/,
  /**
   * "多久", "多长时间", "多少天内": a duration, answered by a target in days if the task has one,
   * else by its deadline ("印发之日起30日内").
   */
  duration: /多久|多长时间|(?:多少|几)个?(?:天|日|周|月|工作日)(?:内|之内|以内)/,
} as const;

export type ModifierName = keyof typeof MODIFIERS;
export type Modifiers = Record<ModifierName, boolean>;

export function readModifiers(text: string): Modifiers {
  const out = {} as Modifiers;
  for (const name of Object.keys(MODIFIERS) as ModifierName[]) out[name] = MODIFIERS[name].test(text);
  return out;
}

/** A phrase of the table found in a question, with every place it was said. */
export interface CueMatch {
  phrase: AskPhrase;
  span: Span;
  /** Every occurrence, the first included: all of them are taken out of the topic. */
  spans: Span[];
}

const GLOBAL = new Map(ASK_PHRASES.map((p) => [p, new RegExp(p.pattern.source, 'g')]));

/** Every phrase of the table the text holds, highest priority first. */
export function findAskPhrases(text: string): CueMatch[] {
  const found: CueMatch[] = [];
  for (const phrase of ASK_PHRASES) {
    // One scan to test; the phrases a question holds are few, and only they are scanned again.
    if (!phrase.pattern.test(text)) continue;
    const spans = [...text.matchAll(GLOBAL.get(phrase) as RegExp)]
      .filter((m) => m[0].length > 0)
      .map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const first = spans[0];
    if (first) found.push({ phrase, span: first, spans });
  }
  return found.sort((a, b) => b.phrase.priority - a.phrase.priority);
}
