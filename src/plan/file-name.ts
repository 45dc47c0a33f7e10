import { pinyin } from 'pinyin-pro';
import type { Plan } from './model.ts';

/**
 * A descriptive ASCII file name for an imported plan: region and title in toneless pinyin, then
 * the year — "weihai-shuzijianshe-2023.txt", "quanguo-cujinjiuye-2018.txt".
 */
const toPinyin = (text: string): string =>
  (pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' }) as string[]).join('').toLowerCase();

/** Words every plan title has, which say nothing about this one. */
const FILLER =
  /关于|印发|的|通知|工作|要点|方案|实施|行动|计划|意见|若干|做好|当前|今后|一个|时期|和|深化|推进|进一步|加快|全面|年|《|》|“|”/g;

export function planFileName(plan: Plan): string {
  const region = (plan.meta.region ?? '').replace(/省|市|自治区$/, '');
  const subject = plan.title
    .replace(plan.meta.issuer ?? '', '')
    .replace(/(?:19|20)\d{2}/g, '')
    .replace(region, '')
    .replace(plan.meta.region ?? '', '')
    .replace(FILLER, '')
    .slice(0, 6);
  const parts = [toPinyin(region), toPinyin(subject), String(plan.year)].filter(Boolean);
  return `${parts.join('-')}.txt`;
}
