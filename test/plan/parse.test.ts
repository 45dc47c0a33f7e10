import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load.ts';
import { parsePlan } from '../../src/plan/parse.ts';
import { normalizeGlyphs } from '../../src/plan/repair.ts';
import { planLines } from '../../src/plan/lines.ts';
import { PlanFormatError } from '../../src/errors.ts';

const plan = loadPlan();
const task = (id: string) => {
  const t = plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

describe('text repair', () => {
  it('maps the PDF glyphs and full-width characters to plain ones', () => {
    expect(normalizeGlyphs('２０２２ 年ꎬ达到 １００％ꎮ«条例»“信用＋风险”')).toBe(
      '2022 年，达到 100%。《条例》“信用+风险”',
    );
  });

  it('drops page footers and joins words broken across lines', () => {
    const plan = parsePlan(
      '标题2022年\n\n一、总体\n\n(一)甲ꎮ 由省发展\n\n改革委负责(单\n—３—\n\n\n位)ꎮ乙。',
    );
    expect(plan.tasks.map((t) => [t.id, t.title, t.text])).toEqual([
      ['1.1', '甲', '由省发展改革委负责(单位)。乙。'],
    ]);
    expect(planLines('甲\n- 5 -\n第 3 页\n乙').map((l) => [l.n, l.text])).toEqual([
      [1, '甲'],
      [4, '乙'],
    ]);
  });
});

describe('the 2022 plan', () => {
  it('takes title and year from the text', () => {
    expect(plan.title).toBe('四川省深化“放管服”改革优化营商环境2022年工作要点');
    expect(plan.year).toBe(2022);
  });

  it('has six sections and 23 tasks with section-item ids', () => {
    expect(plan.sections.map((s) => s.title)).toEqual([
      '深化“一网通办”前提下的“最多跑一次”改革',
      '推进政务服务标准化规范化便利化',
      '持续优化营商环境',
      '深化成渝地区双城经济圈“放管服”改革',
      '不断强化监管效能',
      '保障措施',
    ]);
    expect(plan.sections.map((s) => s.taskIds.length)).toEqual([4, 3, 6, 3, 4, 3]);
    expect(plan.tasks).toHaveLength(23);
    expect(task('4.1').title).toBe('协同推进一体化政务服务');
    expect(task('4.1').section).toBe('深化成渝地区双城经济圈“放管服”改革');
  });

  it('reads every lead list from the notes', () => {
    const leads = Object.fromEntries(plan.tasks.map((t) => [t.id, t.leads]));
    expect(leads).toEqual({
      '1.1': ['省政府办公厅', '省大数据中心'],
      '1.2': ['省大数据中心'],
      '1.3': ['省大数据中心', '省政务服务和资源交易服务中心'],
      '1.4': ['省大数据中心'],
      '2.1': ['省政府办公厅'],
      '2.2': ['省政府办公厅', '省政务服务和资源交易服务中心', '省大数据中心'],
      '2.3': [],
      '3.1': ['省发展改革委'],
      '3.2': ['人力资源社会保障厅'],
      '3.3': ['省市场监管局'],
      '3.4': ['商务厅'],
      '3.5': ['省政府办公厅', '省政务服务和资源交易服务中心'],
      '3.6': [],
      '4.1': ['省政府办公厅', '省政务服务和资源交易服务中心', '省大数据中心'],
      '4.2': [],
      '4.3': [],
      '5.1': [],
      '5.2': [],
      '5.3': [],
      '5.4': ['省政务服务和资源交易服务中心', '省大数据中心'],
      '6.1': [],
      '6.2': [],
      '6.3': [],
    });
  });

  it('reads named partners and leaves generic groups out', () => {
    expect(task('2.1').partners).toEqual([
      '省委编办',
      '司法厅',
      '省政务服务和资源交易服务中心',
      '省大数据中心',
    ]);
    expect(task('5.2').partners).toEqual([
      '省发展改革委',
      '民政厅',
      '财政厅',
      '住房城乡建设厅',
      '省市场监管局',
      '省地方金融监管局',
      '省政务服务和资源交易服务中心',
    ]);
    expect(task('3.4').partners).toEqual(['省经济合作局', '省大数据中心', '四川省税务局', '成都海关']);
    expect(task('1.1').partners).toEqual([]);
    expect(task('4.2').partners).toEqual([]);
    expect(plan.agencies).not.toContain('省直有关部门(单位)');
    expect(plan.agencies.some((a) => a.includes('各市'))).toBe(false);
  });

  it('keeps 各市(州)人民政府 as a plan-wide responsibility, not a partner', () => {
    expect(plan.planWideResponsible).toEqual(['各市(州)人民政府']);
  });

  it('gives section 六 no note and no agencies', () => {
    for (const id of ['6.1', '6.2', '6.3']) {
      expect(task(id).note).toBeNull();
      expect(task(id).leads).toEqual([]);
    }
  });

  it('finds all 11 milestones across 8 tasks, dated in the plan year, with their clauses', () => {
    const milestones = plan.tasks.flatMap((t) => t.deadlines.map((d) => ({ id: t.id, ...d })));
    expect(milestones).toHaveLength(11);
    expect(new Set(milestones.map((m) => m.id)).size).toBe(8);
    expect(milestones.map((m) => `${m.id} ${m.label} ${m.date}`)).toEqual([
      '1.2 6月底前 2022-06-30',
      '1.3 年底前 2022-12-31',
      '1.4 9月底前 2022-09-30',
      '1.4 年底前 2022-12-31',
      '2.1 年底前 2022-12-31',
      '2.2 年底前 2022-12-31',
      '2.3 11月底前 2022-11-30',
      '2.3 年底前 2022-12-31',
      '4.1 9月底前 2022-09-30',
      '4.1 年底前 2022-12-31',
      '5.1 9月底前 2022-09-30',
    ]);
    expect(task('4.1').deadlines[0]?.text).toBe('9月底前实现第三批“川渝通办”事项落地');
    expect(task('1.3').deadlines[0]?.text).toBe('升级20项样板“一件事”和80项重点“一件事”并在年底前落地实施');
  });

  it('finds every quantified target with its clause', () => {
    const targets = plan.tasks.flatMap((t) => t.targets.map((g) => `${t.id} ${g.raw}`));
    expect(targets).toEqual([
      '1.2 100个',
      '1.3 20项',
      '1.3 80项',
      '1.4 30类',
      '2.3 90个工作日',
      '3.2 15万人',
      '3.2 40万人',
      '3.2 30家',
      '3.2 40亿元',
      '3.4 6个工作日',
      '3.4 3个工作日',
      '4.2 20个',
      '5.3 100%',
    ]);
    expect(task('3.2').targets.find((g) => g.unit === '亿元')).toEqual({
      value: 40,
      unit: '亿元',
      raw: '40亿元',
      text: '发放创业担保贷款40亿元',
    });
  });

  it('splits task text into sentences and collects quoted terms', () => {
    expect(task('4.1').sentences).toHaveLength(6);
    expect(task('4.1').sentences.every((s) => s.endsWith('。'))).toBe(true);
    expect(task('4.1').terms).toContain('川渝通办');
    expect(task('3.3').terms).toContain('十一税合一');
  });
});

describe('other plans of the same format', () => {
  it('dates deadlines in the plan’s own year, never the clock’s', () => {
    const later = parsePlan(
      [
        '示范省深化改革',
        '２０２５ 年工作要点',
        '２０２５ 年ꎬ总体要求ꎮ',
        '一、第一部分',
        '(一)做好甲ꎮ ９ 月底前完成甲ꎬ一季度前完成乙ꎮ 〔甲厅、乙局牵头ꎬ丙委等省直有关部门(单位)按职责分工负责〕',
      ].join('\n\n'),
    );
    expect(later.year).toBe(2025);
    expect(later.tasks[0]?.deadlines.map((d) => d.date)).toEqual(['2025-09-30', '2025-03-31']);
    expect(later.tasks[0]?.leads).toEqual(['甲厅', '乙局']);
    expect(later.tasks[0]?.partners).toEqual(['丙委']);
  });

  it('refuses a file that is not a plan', () => {
    expect(() => parsePlan('hello world')).toThrow(PlanFormatError);
    expect(() => parsePlan('')).toThrow(PlanFormatError);
  });
});
