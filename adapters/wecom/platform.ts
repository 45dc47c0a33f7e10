import type { Platform } from '../adapter.ts';

/** The five WECOM_ credentials turn WeCom on (config.ts refuses a partial set). */
export const wecom: Platform = {
  name: 'wecom',
  async fromConfig(config, deps) {
    const { WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY } = config;
    if (!WECOM_CORP_ID || !WECOM_AGENT_ID || !WECOM_SECRET || !WECOM_TOKEN || !WECOM_ENCODING_AES_KEY)
      return { off: 'WECOM_CORP_ID and the other WECOM_ variables are not set' };
    const { createWecomAdapter } = await import('./adapter.ts');
    return createWecomAdapter(
      {
        corpId: WECOM_CORP_ID,
        agentId: Number(WECOM_AGENT_ID),
        secret: WECOM_SECRET,
        token: WECOM_TOKEN,
        encodingAesKey: WECOM_ENCODING_AES_KEY,
        apiBaseUrl: config.WECOM_API_BASE_URL,
        markdown: config.WECOM_MARKDOWN,
      },
      deps,
    );
  },
};
