/**
 * Words that say how something is asked, not what about. They are dropped before ranking,
 * so "谁牵头川渝通办" ranks by 川渝通办 alone.
 */
const FUNCTION_WORDS = `
的 了 吗 呢 吧 啊 呀 么 嘛 呗 哦 嗯 啦 是 有 在 和 与 及 或 对 把 被 由 从 给 让 向 将 就 都 也 还 又 再 才
要 会 能 可以 可能 需要 应该 应当 一下 一下子 请问 请 问 问下 想 想问 我想 知道 我 你 您 我们 他们 它 这 那
这个 那个 这块 那块 这项 那项 该 其 此 个 些 哪 哪些 哪个 哪家 什么 啥 怎么 怎样 如何 为什么 多少 几 几个
几项 几类 几条 谁 里 中 之 等 方面 一些 情况 相关 关于 具体 主要 介绍 说说 讲讲 告诉 看看 查 查询 一共 共
总共 分别 目前 现在 今年 年 时候 什么时候 啥时候 啥时 何时 要啥 多久 时间 截止 截止时间 到期 期限 节点
时间节点 时限 完成 做 干 搞 包括 包含 内容 工作 任务 部门 单位 负责 牵头 牵头单位 责任单位 参与 涉及 归 管
主管 承担 归口 好 谢谢 要求 目标 目标数 数 所有 全部 全体 计划 本计划 工作要点 政策 执行
跟 共同 一起 同时 但 但是 其他 其余 别的 除了 除 以外 之外 还有 发 发我 一章 那部分 那块 这部分
`;

/** The chatter around a question typed in a work chat: "我们处里…麻烦问下…这个出自哪条". */
const CHATTER = `
我们处 处里 我们处里 我们厅 我们局 我们单位 麻烦 问一下 请教 咨询 那些 这些 帮 帮我 帮忙 列 列一下 给我
列给我 有人 不 文件 要点 写 写的 出自 哪条 哪一条 的话 有没有 没有 明确 最晚 最迟 大概 对接 确认 了解 看下
看一下 算 以后 以前 之前 下面 里面 一个 这个事 事 块 项 条 对吧 是不是 那条 这条 详细 详细点 展开
列出 列出来 列举 罗列
它是 都是 这是 它们 两者 二者
`;

const STOPWORDS = new Set(`${FUNCTION_WORDS} ${CHATTER}`.split(/\s+/).filter(Boolean));

/** Every stopword, for the dictionary's cache key (dictionary.ts keeps them all as words). */
export const stopwordList = (): string[] => [...STOPWORDS];

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
