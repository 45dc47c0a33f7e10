/** Every fixed sentence the bot says, in one place, so tests can refer to them by name. */
export const MESSAGES = {
  rateLimited: '提问太频繁了，请稍等一分钟再问。',
  tooLong: (max: number) => `问题太长了（超过${max}字），请用一句话提问，例如“谁牵头川渝通办？”`,
  internalError: '抱歉，处理这条消息时出错了，请稍后再试。',
  storeUnavailable: '订阅服务暂时不可用，请稍后再试。问答不受影响。',
  // Chat adapters (Telegram, LINE)
  buttonExpired: '这个按钮已失效，请直接输入问题。',
  telegramUsage:
    '在私聊里直接提问即可；在群里请 @我 或回复我的消息。命令：/due 近期截止，/subscribe 订阅提醒，/mysubs 我的订阅。',
  lineGroupUsage: (keyword: string) => `在群里请 @我，或以“${keyword}”开头提问。`,
  cardRoleLead: '本单位牵头',
  cardRolePartner: '本单位参与',
  cardLeads: (leads: string) => `牵头：${leads}`,
  cardNoLead: (responsible: string) => `未设牵头单位；负责：${responsible}`,
  cardDeadline: (label: string, clause: string) => `${label}：${clause}`,
  cardDetails: '详情',
} as const;
