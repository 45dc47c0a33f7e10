import type { AskPhrase } from './cues.ts';

/**
 * Phrases that ask about a task or the plan itself: help, yes/no checks, leads, partners, the
 * tasks of a filter, when, a figure, where a task sits, the overview and the plan's particulars.
 * Part of the phrase table (cues.ts); order here means nothing, priority decides.
 */
export const TASK_PHRASES: readonly AskPhrase[] = [
  {
    name: 'help',
    asks: 'help',
    priority: 100,
    pattern:
      /^(谢谢|多谢|感谢|thanks?|thank you|好的|收到)[!。?]*$|怎么订阅|如何订阅|订阅(什么|怎么用)|怎么(设置)?提醒|^(\/?help|\/?start|帮助|使用说明|说明|怎么用|如何使用|怎么问|能问什么|可以问什么|你能做什么|你会什么|你是谁|功能|菜单|你好|您好|hi|hello|在吗)[?!。]*$/,
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
    pattern:
      /是不是|是否|对吗|对不对|对么|对吧|没错吧|吗[?]?$|(?<!什|怎)么[?]?$|(?<![说看查列讲算下])吧[?]?$/,
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
