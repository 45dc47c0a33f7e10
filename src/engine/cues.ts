/**
 * How a question is asked, recognised by meaning: several phrasings per intent,
 * not one fixed pattern. Each cue is tested on the normalized question.
 */
export const CUES = {
  help: /^(谢谢|多谢|感谢|thanks?|thank you|好的|收到)[!。?]*$|怎么订阅|如何订阅|订阅(什么|怎么用)|怎么(设置)?提醒|^(\/?help|\/?start|帮助|使用说明|说明|怎么用|如何使用|怎么问|能问什么|可以问什么|你能做什么|你会什么|你是谁|功能|菜单|你好|您好|hi|hello|在吗)[?!。]*$/,
  thanks: /^(谢谢|多谢|感谢|thanks?|thank you)/,
  lead: /谁.{0,2}(牵头|负责|主抓|主管|管|抓)|牵头(单位|部门|方|的是|是谁|人)|由(哪|谁)|哪(个|些|家)(部门|单位|厅|局|机构)|归(谁|哪)|责任(单位|部门|主体|人)|主管(部门|单位)|负责(单位|部门)|谁的(事|活|工作)|(是|哪个|哪家).{0,4}牵头的?|牵头[?？]?$/,
  when: /什么时候|啥时候|何时|(哪天|哪一天|几号|几日)(前|之前)?|几月|截止(时间|日期)?|期限|时间节点|时间要求|时间安排|完成时间|到期|deadline|节点/,
  figure:
    /多少|几(个|项|类|家|万|亿|天|批|成|倍)|多久|多长时间|百分之几|比例|比率|目标(值|是)|指标是|数量|规模|金额|额度/,
  /** "X负责哪些工作", "X有什么任务": the agency's list. */
  agencyScope:
    /(负责|牵头|参与|涉及|承担|分管|主抓|配合|管)(了|做|干)?(哪|什么|啥|几|多少|那些|的)|(有|管)(哪些|什么|啥|几项|多少)(工作|任务|事)?|(工作|任务|事项)(有哪些|是什么)|(工作|任务)(清单|列表)|(干|做)(什么|啥)|职责|有分工|分工(的|是|有)|有(我们|我)的|作为配合/,
  leadOnly: /牵头/,
  /** "不是牵头、只是配合的": the agency's partner roles only. */
  partnerOnly: /配合|非牵头|不是牵头|不牵头|协办/,
  /** "牵头加配合都算": both roles, whatever else is said. */
  bothRoles: /牵头.{0,4}(加|和|与|及|或).{0,4}配合|配合.{0,4}(加|和|与|及|或).{0,4}牵头|都算|都包括/,
  /** "要多久": a duration, answered by a target in days if the task has one, else by its deadline. */
  duration: /多久|多长时间/,
  /** "几项", "哪几条" said of an agency counts its tasks, not a target. */
  countsTasks: /(几|多少)(项|条|个)(工作|任务)?|哪几(项|条)/,
  /** "出自哪条", "是哪一条": which task a measure belongs to. */
  which: /(出自|是|属于|在)哪(一)?(条|项|部分)(里|中|任务)?/,
  deadline:
    /到期|截止|完成|任务|工作|事项|有什么|有哪些|有啥|要做|节点|安排|计划|deadline|干什么|做什么|交差|要交/,
  overview:
    /概况|概述|总体|整体|总览|概要|大纲|目录|主要内容|有哪些(部分|方面|板块)|一共(有)?(多少|几)|多少项任务|所有任务|全部任务|讲了(什么|啥)|要点是什么|是什么计划|计划(是)?什么/,
  topic: /介绍|讲讲|说说|是什么|什么是|包括|包含|内容|怎么(做|推进|落实)|措施|举措|要求|具体/,
  /** A list is asked for: "有哪些", "包括什么", "哪几项". */
  listing: /有哪些|有什么|包括|包含|哪几|多少项|几项|都有/,
  /** A part of the plan is named as such: "监管方面", "第一部分", "这一块". */
  part: /方面|部分|板块|领域|大项|这一块/,
  /** What a subject-less list asks for: "有哪些任务", "任务清单". */
  listOfWork: /任务|工作|事项|清单|内容/,
  /** Words that point back to what was just discussed. */
  pronoun: /它|这个|这项|该项|这块|这件|那个|那项|上面|刚才|其中|此项|这一项|该任务|这条/,
  /** "那市场监管局呢": same question, new subject. */
  ellipsis: /^(那|那么|还有|再问|换成)|呢[?？]?$/,
} as const;

export type CueName = keyof typeof CUES;
export type Cues = Record<CueName, boolean>;

export function readCues(text: string): Cues {
  const out = {} as Cues;
  for (const name of Object.keys(CUES) as CueName[]) out[name] = CUES[name].test(text);
  return out;
}
