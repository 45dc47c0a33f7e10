import type { AskPhrase } from './cues.ts';

/**
 * Phrases that ask about the plan as a set: rankings, comparisons of two sides, counts,
 * enumerations, and dates against the clock. Part of the phrase table (cues.ts); order here
 * means nothing, priority decides.
 */
export const SET_PHRASES: readonly AskPhrase[] = [
  {
    name: 'rank_agencies',
    asks: 'rank',
    priority: 90,
    counted: 'agencies',
    pattern:
      // "◇" is where a slot was: "最多的◇◇◇◇部门" is "最多的前三个部门".
      /(哪个|哪家|哪些|什么|谁)(部门|单位|厅|局)?[^，?]{0,10}(最多|最少|排(第一|前|名))|(最多|最少)的?(是)?(哪个|哪家|哪些|◇+)?(部门|单位)|(最多|最少)的?◇+|(排名|排行|排在)◇+|(部门|单位)(排名|排行)|(任务数|任务量|工作量)[^，?]{0,4}◇+的?(部门|单位)|(部门|单位)[^，?]{0,6}按[^，?]{0,6}(排|排名|排序|排个名|排一下)|(最多|最少)的?是?(谁|哪个|哪家)|(第[二三四五六七八九2-9](多|少)|排名?第[二三四五六七八九2-9][名位]?)的?是?(谁|哪个|哪家|(哪个|哪家|哪些)?(部门|单位))/,
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
    // "X和Y是同一天到期吗": the same date, not the same lead.
    name: 'compare_same_day',
    asks: 'compare',
    priority: 87,
    requires: 'two_sides',
    pattern:
      /同一天|同一个?(时间|日期|截止日期|节点)|同时(到期|截止|完成)|(日期|时间|截止日期)(一样|相同|一致)/,
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
    name: 'dates_days_left',
    asks: 'dates',
    priority: 79,
    date: 'days_left',
    // The lookahead keeps what lies between ("距离掌上办清单截止还有几天") in the topic.
    pattern:
      /(还有|还剩|剩下?|仅剩)(多少|几)(天|日)|(多少|几)天(后|以后|之后)?(就)?(到期|截止)|(距离?|离)(?=[^，?]{0,14}(多少|几)(天|日))/,
  },
  {
    // "证照目录逾期多少天了": days past a deadline, against today.
    name: 'dates_overdue',
    asks: 'dates',
    priority: 80,
    date: 'overdue',
    pattern:
      /(逾期|超期|过期|延期|拖延?|晚|超|过)了?(多少|几)(天|日)|(逾期|超期|过期|延期)了?(多久|多长时间)|(多少|几)天没(完成|办结|落实)/,
  },
  {
    name: 'dates_earliest',
    asks: 'dates',
    priority: 78,
    date: 'earliest',
    requires: 'no_subject',
    pattern:
      /最早(的)?(一个|一批)?(截止|节点|时间节点|到期|deadline|期限)|第一个(截止|节点|到期)|最先(的)?(到期|截止|完成)|(最先|最早)(要)?(完成|交)/,
  },
  {
    name: 'dates_latest',
    asks: 'dates',
    priority: 78,
    date: 'latest',
    requires: 'no_subject',
    pattern: /(最晚|最迟|最后)(的)?(一个|一批)?(截止|节点|时间节点|到期|deadline|期限)|最后(到期|截止|完成)/,
  },
  {
    name: 'enumerate_leads',
    asks: 'enumerate',
    priority: 76,
    counted: 'leads',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|有哪些|都有谁|都是谁|各|各个|每个|每家)的?牵头(单位|部门)|牵头(单位|部门)(都|一共|总共)?(有哪些|有谁|是哪些|有几个|有多少)/,
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
      /(所有|全部|哪些|一共|总共)(的)?(配合|协办|参与|责任)?(部门|单位)|(涉及|参与|点名|提到|列出)(了)?(的)?(哪些|多少|几个|几家)(部门|单位)|(部门|单位)(都|一共|总共)?(有哪些|有多少|有几个)|(部门|单位)(都|全部|全都)?(列出来|列一下|列全|列个清单)/,
  },
  {
    name: 'enumerate_milestones',
    asks: 'enumerate',
    priority: 74,
    counted: 'deadlines',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|有哪些|列出|每个|每一个|各个)(的)?(时间)?节点|(时间)?节点(都)?有哪些|时间表|(时间|日期)(先后)?顺序|(按|依)(日期|时间|截止日期|节点)(先后)?(顺序)?(排|列)|(从|由)(早|前)(到|往|至)(晚|后)|(从|由)(晚|后)(到|往|至)(早|前)/,
  },
  {
    name: 'enumerate_targets',
    asks: 'enumerate',
    priority: 74,
    counted: 'targets',
    requires: 'no_subject',
    pattern:
      /(所有|全部|哪些|有哪些|列出)(的)?(具体)?(的)?(量化|数字|数量|定量)?(的)?(指标|目标)|(量化|数字|定量)(的)?(指标|目标)(都)?(有哪些)?/,
  },
  {
    // "总共多少任务多少节点", "一共几部分、几项任务": two counts in one question, which the overview's
    // first line gives.
    name: 'count_tasks_and_deadlines',
    asks: 'overview',
    priority: 76,
    requires: 'no_subject',
    pattern:
      /(几|多少)(项|个|条)?(任务|工作)[^？?]{0,6}(几|多少)(个)?((时间)?节点|(大)?部分)|(几|多少)(个)?((时间)?节点|(大)?部分)[^？?]{0,6}(几|多少)(项|个|条)?(任务|工作)/,
  },
  {
    name: 'count_sections',
    asks: 'count',
    priority: 73,
    counted: 'sections',
    // The plan's parts by any of the names people give them: 几个部分, 几大块, 分几块, 几大项, 几个板块.
    pattern: /(?<!哪)(几|多少)(个)?(大(部分|板块|方面|块|项)|部分|板块|方面|块)/,
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
];
