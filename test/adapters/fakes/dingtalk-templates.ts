/*
 * What DingTalk accepts and shows, for the fake: the session webhook's `msgtype` bodies and the robot
 * APIs' `msgKey` + `msgParam` templates (open.dingtalk.com, 企业机器人发送消息的消息类型), checked
 * field by field; a refusal says why, as DingTalk's param.invalid does.
 */
const MSG_KEYS = new Set([
  'sampleText',
  'sampleMarkdown',
  'sampleImageMsg',
  'sampleLink',
  'sampleAudio',
  'sampleVideo',
  'sampleFile',
  'sampleActionCard',
  'sampleActionCard2',
  'sampleActionCard3',
  'sampleActionCard4',
  'sampleActionCard5',
  'sampleActionCard6',
]);
const SEND_LINK = 'dtmd://dingtalkclient/sendMessage?content=';

export type Shown = { text: string; buttons: string[] };

/** A card's Markdown, as the client shows it: its hard line breaks ("  \n") are plain ones. */
const markdownText = (md: string) => md.replaceAll('  \n', '\n');

function buttonQuestion(url: unknown): string | null {
  if (typeof url !== 'string' || !url.startsWith(SEND_LINK)) return null;
  return decodeURIComponent(url.slice(SEND_LINK.length));
}

/** A session webhook body (custom-robot shapes) → what is shown, or why it is refused. */
export function shownOfSessionBody(body: Record<string, unknown>): Shown | string {
  if (body.msgtype === 'text') {
    const content = (body.text as { content?: unknown } | undefined)?.content;
    return typeof content === 'string' && content.length > 0
      ? { text: content, buttons: [] }
      : 'text.content is empty';
  }
  if (body.msgtype === 'actionCard') {
    const card = (body.actionCard ?? {}) as { title?: unknown; text?: unknown; btns?: unknown };
    if (typeof card.title !== 'string' || typeof card.text !== 'string' || !card.title || !card.text) {
      return 'actionCard needs title and text';
    }
    const btns = Array.isArray(card.btns) ? (card.btns as { title?: unknown; actionURL?: unknown }[]) : [];
    if (
      btns.length === 0 ||
      btns.some((b) => typeof b.title !== 'string' || typeof b.actionURL !== 'string')
    ) {
      return 'actionCard needs btns with title and actionURL';
    }
    return { text: markdownText(card.text), buttons: btns.map((b) => buttonQuestion(b.actionURL) ?? '') };
  }
  return `unsupported msgtype ${String(body.msgtype)}`;
}

/** msgKey + msgParam (a JSON string), checked per template → what is shown, or why it is refused. */
export function shownOfProactive(body: Record<string, unknown>): Shown | string {
  const key = String(body.msgKey ?? '');
  if (!MSG_KEYS.has(key)) return `unknown msgKey ${key}`;
  if (typeof body.msgParam !== 'string') return 'msgParam must be a JSON string';
  let param: Record<string, unknown>;
  try {
    param = JSON.parse(body.msgParam) as Record<string, unknown>;
  } catch {
    return 'msgParam is not JSON';
  }
  const need = (...fields: string[]) => fields.find((f) => typeof param[f] !== 'string' || param[f] === '');
  if (key === 'sampleText') {
    return need('content') ? 'content is required' : { text: String(param.content), buttons: [] };
  }
  if (key === 'sampleMarkdown') {
    return need('title', 'text')
      ? 'title and text are required'
      : { text: markdownText(String(param.text)), buttons: [] };
  }
  if (key === 'sampleActionCard') {
    const missing = need('title', 'text', 'singleTitle', 'singleURL');
    if (missing) return `${missing} is required`;
    return { text: markdownText(String(param.text)), buttons: [buttonQuestion(param.singleURL) ?? ''] };
  }
  const n = Number(key.slice('sampleActionCard'.length));
  if (n >= 2 && n <= 5) {
    const fields = Array.from({ length: n }, (_, i) => [`actionTitle${i + 1}`, `actionURL${i + 1}`]).flat();
    const missing = need('title', 'text', ...fields);
    if (missing) return `${missing} is required`;
    return {
      text: markdownText(String(param.text)),
      buttons: Array.from({ length: n }, (_, i) => buttonQuestion(param[`actionURL${i + 1}`]) ?? ''),
    };
  }
  return `the fake does not show ${key}`;
}
