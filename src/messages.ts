/** Every fixed sentence the bot says, in one place, so tests can refer to them by name. */
export const MESSAGES = {
  rateLimited: '提问太频繁了，请稍等一分钟再问。',
  tooLong: (max: number) => `问题太长了（超过${max}字），请用一句话提问，例如“谁牵头川渝通办？”`,
  internalError: '抱歉，处理这条消息时出错了，请稍后再试。',
  storeUnavailable: '订阅服务暂时不可用，请稍后再试。问答不受影响。',
} as const;
