import { describe, expect, it } from 'vitest';
import { PlanFormatError } from '../../src/errors.ts';
import { parsePlan } from '../../src/plan/parse.ts';

/** One test per trait of the genre (issue 9), each on a small realistic excerpt. */

const plan = (...lines: string[]) => parsePlan(lines.join('\n'));
const ids = (p: ReturnType<typeof parsePlan>) => p.tasks.map((t) => t.id);

describe('titles and years', () => {
  it('takes the year from the title, and a span “2021—2023年” as the plan’s years', () => {
    const p = plan(
      '某市数字政府建设2021—2023年行动计划',
      '一、重点任务',
      '(一)建设平台。每年6月底前完成评估。(市大数据局负责)',
    );
    expect([p.year, p.meta.endYear, p.meta.yearSource]).toEqual([2021, 2023, 'title']);
    expect(p.tasks[0]?.deadlines.map((d) => [d.date, d.kind])).toEqual([
      ['2021-06-30', 'recurring'],
      ['2022-06-30', 'recurring'],
      ['2023-06-30', 'recurring'],
    ]);
  });

  it('takes the year from the document number when the title has none', () => {
    const p = plan(
      '国务院关于推进某项改革的意见',
      '国发〔2019〕12号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
      '为推进改革，现提出以下意见：',
      '一、主要任务',
      '(一)优化服务。年底前完成。(国务院办公厅负责)',
    );
    expect([p.year, p.meta.yearSource, p.meta.documentNumber, p.meta.issuer, p.meta.region]).toEqual([
      2019,
      'document-number',
      '国发〔2019〕12号',
      '国务院',
      '全国',
    ]);
    expect(p.preamble).toBe('为推进改革，现提出以下意见：');
    expect(p.tasks[0]?.deadlines[0]?.date).toBe('2019-12-31');
  });

  it('takes the year from the issue date, then from the option', () => {
    const text = [
      '某市优化营商环境行动方案',
      '为优化营商环境，制定本方案。',
      '一、任务',
      '(一)压减时限。(市政务服务局负责)',
    ];
    const dated = plan(...text, '某市人民政府办公室', '2023年8月19日');
    expect([dated.year, dated.meta.yearSource, dated.meta.issueDate]).toEqual([
      2023,
      'issue-date',
      '2023-08-19',
    ]);
    expect(() => plan(...text)).toThrow(/no year/);
    expect(parsePlan(text.join('\n'), { year: 2024 }).meta.yearSource).toBe('given');
  });

  it('falls back to the year the text names most, and says so, rather than refusing the plan', () => {
    const p = plan(
      '某市营商环境方案',
      '一、任务',
      '(一)甲。2024年6月底前做好甲，2024年底前做好乙。(甲局负责)',
      '(二)乙。2025年完成。(乙局负责)',
    );
    expect([p.year, p.meta.yearSource]).toEqual([2024, 'text']);
    expect(p.findings.map((f) => [f.line, f.kind])).toEqual([[1, 'no-year']]);
  });

  it('reads a notice wrapper: its title names the plan and its text is not a task', () => {
    const p = plan(
      '示范省人民政府办公厅关于印发示范省“一网通办”提升行动方案的通知',
      '某办函〔2021〕7号',
      '各市(州)人民政府，省政府各部门：',
      '《示范省“一网通办”提升行动方案》已经省政府同意，现印发给你们，请认真贯彻执行。',
      '示范省人民政府办公厅',
      '2021年1月25日',
      '(此件公开发布)',
      '示范省“一网通办”提升行动方案',
      '为提升“一网通办”能力，制定本方案。',
      '一、重点任务',
      '(一)规范配置。3月底前完成配置。(省大数据中心负责)',
    );
    expect(p.title).toBe('示范省“一网通办”提升行动方案');
    expect(p.meta).toMatchObject({
      issuer: '示范省人民政府办公厅',
      region: '示范省',
      issueDate: '2021-01-25',
    });
    expect(p.preamble).toBe('为提升“一网通办”能力，制定本方案。');
    expect(p.tasks).toHaveLength(1);
    expect(p.tasks[0]?.deadlines[0]?.date).toBe('2021-03-31');
  });
});

describe('levels', () => {
  it('reads sections, (一) sub-headings and numbered items, with ids <section>.<own number>', () => {
    const p = plan(
      '某市2023年工作要点',
      '一、建设数字政府',
      '(一)提升政务服务',
      '1.深化网上办。年底前实现全程网办。(牵头单位：市审批局)',
      '2.推进掌上办。上线移动端。(牵头单位：市大数据局)',
      '(二)提升治理能力',
      '3.建设城市大脑。汇聚数据。(牵头单位：市大数据局)',
      '二、建设数字经济',
      '4.培育数字企业。(牵头单位：市工信局)',
    );
    expect(ids(p)).toEqual(['1.1', '1.2', '1.3', '2.4']);
    expect(p.tasks[2]).toMatchObject({ group: '提升治理能力', section: '建设数字政府', ref: '一(二)3' });
    expect(p.meta.levels).toEqual(['一、', '(一)', '1.']);
    expect(p.meta.taskLevel).toBe('1.');
  });

  it('lets numbered items restart in each section', () => {
    const p = plan(
      '某市2023年任务分解',
      '一、目标',
      '1.增长7%。(牵头单位：市发改委)',
      '二、举措',
      '1、扩大投资。(牵头单位：市发改委)',
    );
    expect(ids(p)).toEqual(['1.1', '2.1']);
  });

  it('reads an item that opens with a year (“4.2020年底前…”) and a number that is not an item', () => {
    const p = plan(
      '某市2019年任务分解',
      '一、举措',
      '3.完成甲。(牵头单位：市发改委)',
      '4.2020年底前完成乙，',
      '1.5倍于上年。(牵头单位：市财政局)',
    );
    expect(ids(p)).toEqual(['1.3', '1.4']);
    expect(p.tasks[1]?.deadlines[0]?.date).toBe('2020-12-31');
    expect(p.tasks[1]?.text).toBe('2020年底前完成乙，1.5倍于上年。');
  });

  it('keeps items apart that restart under each (一) of a section: <section>.<(一)>.<own number>', () => {
    const p = plan(
      '某市2023年要点',
      '一、建设数字政府',
      '(一)提升服务',
      '1.深化网上办。(牵头单位：市审批局)',
      '2.推进掌上办。(牵头单位：市大数据局)',
      '(二)提升治理',
      '1.建设城市大脑。(牵头单位：市大数据局)',
      '二、建设数字经济',
      '(一)培育企业',
      '1.培育数字企业。(牵头单位：市工信局)',
    );
    expect(ids(p)).toEqual(['1.1.1', '1.1.2', '1.2.1', '2.1']);
    expect(p.findings).toEqual([]);
  });

  it('takes a (一) as the task when its numbered points share one note at the end', () => {
    const p = plan(
      '某省2022年工作要点',
      '一、改革',
      '(一)推进甲。做好以下工作：',
      '1.做好A；',
      '2.做好B。(甲厅牵头，乙局等按职责分工负责)',
      '(二)推进乙。做好乙。(丙厅牵头)',
    );
    expect(ids(p)).toEqual(['1.1', '1.2']);
    expect(p.tasks[0]).toMatchObject({
      title: '推进甲',
      text: '做好以下工作：1.做好A；2.做好B。',
      leads: ['甲厅'],
    });
    const section = plan(
      '某省2022年工作要点',
      '一、保障',
      '(一)加强领导。做好甲。',
      '(二)强化考核。做好乙。(丙厅牵头)',
    );
    expect(ids(section)).toEqual(['1.1', '1.2']);
  });

  it('takes a (一) as the task where no numbered items sit under it', () => {
    const p = plan(
      '某省2022年工作要点',
      '一、改革',
      '(一)推进甲。做好甲。〔省发展改革委牵头〕',
      '(二)推进乙。做好乙。〔商务厅牵头〕',
    );
    expect(ids(p)).toEqual(['1.1', '1.2']);
    expect(p.tasks[1]?.title).toBe('推进乙');
  });

  it('reads a single-level list as a plan without sections, with bare ids', () => {
    const p = plan(
      '某省2021年改革要点',
      '一、推进证照分离。全面实施证照分离改革。(省市场监管局负责)',
      '二、优化审批。压减审批时限。(省政务服务中心负责)',
      '三、加强监管。6月底前建成平台。(省市场监管局负责)',
    );
    expect(ids(p)).toEqual(['1', '2', '3']);
    expect(p.sections).toEqual([]);
    expect(p.tasks[2]).toMatchObject({ sectionNumber: 0, item: 3, section: '某省2021年改革要点' });
  });

  it('reads “(1)” as the item level where there is no “1.”, and as points inside an item where there is', () => {
    const items = plan(
      '某市2023年要点',
      '一、任务',
      '(1)建设平台。年底前建成。(市大数据局负责)',
      '(2)完善制度。(市司法局负责)',
    );
    expect(ids(items)).toEqual(['1.1', '1.2']);
    const points = plan(
      '某市2023年要点',
      '一、任务',
      '1.建设平台。',
      '(1)建成中台；',
      '(2)建成前台。(市大数据局负责)',
    );
    expect(ids(points)).toEqual(['1.1']);
    expect(points.tasks[0]?.text).toBe('(1)建成中台；(2)建成前台。');
  });

  it('takes a heading line over the text below it as the item’s title', () => {
    const p = plan(
      '某省2021年改革要点',
      '一、推进证照分离改革',
      '全面实施证照分离，年底前完成。(省市场监管局负责)',
      '二、优化审批',
      '压减审批时限。(省政务服务中心负责)',
    );
    expect(p.tasks.map((t) => [t.id, t.title, t.text])).toEqual([
      ['1', '推进证照分离改革', '全面实施证照分离，年底前完成。'],
      ['2', '优化审批', '压减审批时限。'],
    ]);
  });

  it('keeps a section’s own opening paragraph as its intro, not a task', () => {
    const p = plan(
      '某省2021年行动方案',
      '一、工作目标',
      '坚持问题导向，在3月底前全面规范事项。',
      '二、重点任务',
      '(一)规范配置',
      '1.完成区划配置。(责任单位：省大数据中心)',
    );
    expect(ids(p)).toEqual(['2.1']);
    expect(p.sections[0]).toMatchObject({
      title: '工作目标',
      taskIds: [],
      intro: '坚持问题导向，在3月底前全面规范事项。',
    });
  });

  it('dates the goals of a section’s opening paragraph, apart from any task', () => {
    const p = plan(
      '某省2021年行动方案',
      '一、工作目标',
      '开展百日攻坚。在2021年3月底前，全面规范事项；推进系统对接。',
      '二、重点任务',
      '1.完成区划配置。(责任单位：省大数据中心)',
    );
    expect(p.sections[0]?.goals).toEqual([
      {
        label: '2021年3月底前',
        date: '2021-03-31',
        text: '在2021年3月底前，全面规范事项；推进系统对接',
        kind: 'by',
      },
    ]);
    expect(p.sections[1]?.goals).toBeUndefined();
    expect(p.tasks.flatMap((t) => t.deadlines)).toEqual([]);
  });

  it('reads an item that is a single sentence, with no title sentence', () => {
    const p = plan('某市2022年任务分解', '一、目标', '1.地区生产总值增长7%左右。(牵头单位：市发改委)');
    expect(p.tasks[0]).toMatchObject({ title: '地区生产总值增长7%左右', text: '地区生产总值增长7%左右。' });
    expect(p.tasks[0]?.targets.map((t) => t.raw)).toEqual(['7%']);
  });
});

describe('responsibility notes', () => {
  const one = (item: string, ...before: string[]) =>
    plan('某省2022年工作要点', ...before, '一、改革', `(一)做好甲。推进甲工作。${item}`).tasks[0];

  it('reads 〔…〕, （…） and (…) alike', () => {
    for (const note of [
      '〔甲厅牵头，乙局等省直有关部门(单位)按职责分工负责〕',
      '（甲厅牵头，乙局等按职责分工负责）',
      '(甲厅牵头,乙局等按职责分工负责)',
    ])
      expect(one(note)).toMatchObject({ leads: ['甲厅'], partners: ['乙局'] });
  });

  it('reads an unbracketed “X、Y牵头，Z等…按职责分工负责” at the item’s end', () => {
    expect(one('甲厅、乙局牵头，丙委等省直有关部门按职责分工负责。')).toMatchObject({
      leads: ['甲厅', '乙局'],
      partners: ['丙委'],
      text: '推进甲工作。',
    });
  });

  it('reads labelled roles with full-width or ASCII colons, keeping the plan’s word for each', () => {
    const t = one(
      '(牵头单位:市发改委;责任单位:市财政局、市住建局;配合单位：市统计局；数据提供单位：市调查队)',
    );
    expect(t).toMatchObject({ leads: ['市发改委'], responsible: ['市财政局', '市住建局'] });
    expect(t?.partners).toEqual(['市财政局', '市住建局', '市统计局']);
    expect(t?.roles?.map((r) => [r.word, r.kind])).toEqual([
      ['牵头单位', 'lead'],
      ['责任单位', 'responsible'],
      ['配合单位', 'partner'],
      ['数据提供单位', 'data'],
    ]);
    // A data provider supplies the figures: named in the plan, neither lead nor partner.
    expect(t?.partners).not.toContain('市调查队');
  });

  it('keeps with a target the condition clause before it that says whom it is for', () => {
    const p = plan(
      '某省2018年意见',
      '一、支持创业',
      '(一)贷款。个人自主创业的，可申请最高15万元的贷款；小微企业达到条件的，可申请最高300万元的贷款。(财政部负责)',
    );
    expect(p.tasks[0]?.targets.map((g) => g.text)).toEqual([
      '个人自主创业的，可申请最高15万元的贷款',
      '小微企业达到条件的，可申请最高300万元的贷款',
    ]);
  });

  it('names data providers among the plan’s agencies, and reads an index held to a level', () => {
    const p = plan(
      '某市2022年目标任务分解方案',
      '一、主要预期目标',
      '1.居民消费价格指数控制在103左右。(牵头单位：市发改委；数据提供单位：市调查队)',
      '2.城镇调查失业率控制在5.5%以内。(牵头单位：市人社局)',
    );
    expect(p.agencies).toEqual(['市发改委', '市调查队', '市人社局']);
    expect(p.tasks.map((t) => t.targets.map((g) => [g.raw, g.unit]))).toEqual([
      [['103', '']],
      [['5.5%', '%']],
    ]);
  });

  it('keeps names with bracketed parts whole, and 等 inside a name', () => {
    const t = one(
      '(牵头单位：市政府办公厅(市政务服务管理局、市网络理政办)；责任单位：教育部、高等学校等按职责分工负责)',
    );
    expect(t).toMatchObject({
      leads: ['市政府办公厅(市政务服务管理局、市网络理政办)'],
      partners: ['教育部', '高等学校'],
    });
    expect(one('(教育部、高等学校等按职责分工负责)')).toMatchObject({ partners: ['教育部', '高等学校'] });
  });

  it('reads a lead marked (牵头) inside a list of responsible agencies', () => {
    expect(one('(责任单位：市发改委(牵头)、市财政局)')).toMatchObject({
      leads: ['市发改委'],
      partners: ['市财政局'],
      responsible: ['市发改委', '市财政局'],
    });
  });

  it('applies “列第一位者为牵头单位，下同” to its own note and every later one', () => {
    const p = plan(
      '某意见',
      '国发〔2018〕39号',
      '一、任务',
      '(一)稳岗。返还失业保险费。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）',
      '(二)担保。支持小微企业。（财政部、人民银行负责）',
      '(三)兜底。保障基本生活。（各省级人民政府负责）',
      '(四)宣传。开展政策宣传。（各有关部门和单位负责）',
    );
    // The rule is the document's: the first named leads, a group of governments as well.
    expect(p.tasks.map((t) => t.leads)).toEqual([['人力资源社会保障部'], ['财政部'], ['各省级人民政府'], []]);
    expect(p.tasks[2]?.responsible).toEqual(['各省级人民政府']);
    // "有关部门" is no agency: it cannot lead.
    expect(p.tasks[3]).toMatchObject({ leads: [], partners: [], responsible: ['各有关部门和单位'] });
  });

  it('reads the roles of a note that declares the convention in the same sentence', () => {
    const t = one('（责任单位：市政务服务局、市大数据局，列第一位者为牵头单位）');
    expect(t).toMatchObject({ leads: ['市政务服务局'], partners: ['市大数据局'] });
  });

  it('reads “排在第一位的部门为牵头部门” declared in the preamble', () => {
    const t = one('（商务厅、财政厅负责）', '各项任务排在第一位的部门为牵头部门。');
    expect(t).toMatchObject({ leads: ['商务厅'], partners: ['财政厅'] });
  });

  it('reads the convention declared in the notice that wraps the plan', () => {
    const p = plan(
      '国务院办公厅关于印发某项重点任务分工方案的通知',
      '国办发〔2019〕39号',
      '《某项重点任务分工方案》已经国务院同意，现印发给你们。各项任务中排在第一位的为牵头部门。',
      '国务院办公厅',
      '2019年8月1日',
      '一、任务',
      '(一)清理中介服务。(国务院审改办、发展改革委按职责分工负责)',
    );
    expect(p.tasks[0]).toMatchObject({ leads: ['国务院审改办'], partners: ['发展改革委'] });
  });

  it('gives a note with no 牵头 and no convention responsible agencies and no lead', () => {
    expect(one('（省大数据中心负责）')).toMatchObject({
      leads: [],
      responsible: ['省大数据中心'],
      partners: ['省大数据中心'],
    });
  });

  it('reads plan-wide duties however they are worded', () => {
    const wide = (note: string) =>
      parsePlan(`某市2023年要点\n一、任务\n(一)甲。做好甲。${note}`).planWideResponsible;
    expect(wide('〔甲局牵头。以下工作均需各市(州)人民政府负责，不再列出〕')).toEqual(['各市(州)人民政府']);
    expect(wide('(牵头单位：甲局。以下任务均需各区市政府、开发区管委落实，不再一一列出)')).toEqual([
      '各区市政府',
      '开发区管委',
    ]);
    expect(wide('(牵头单位：甲局。以下均需各县区落实)')).toEqual(['各县区']);
  });

  it('reports an item without a note where its neighbours have one, and a note it cannot read', () => {
    const p = plan(
      '某省2022年要点',
      '一、改革',
      '(一)甲。做好甲。(甲厅负责)',
      '(二)乙。做好乙。',
      '(三)丙。做好丙。〔另行通知〕',
    );
    expect(p.findings.map((f) => [f.line, f.kind])).toEqual([
      [4, 'no-note'],
      [5, 'unread-note'],
    ]);
  });
});

describe('deadlines', () => {
  const times = (text: string, ...header: string[]) =>
    parsePlan(['某省2022年工作要点', ...header, '一、任务', `(一)甲。${text}(甲厅负责)`].join('\n')).tasks[0];

  it('dates months, year ends, explicit years and days, each with its clause', () => {
    const t = times('6月底前完成甲，年底前完成乙；2012年10月底前完成丙，12月15日前完成丁。');
    expect(t?.deadlines.map((d) => [d.label, d.date, d.text])).toEqual([
      ['6月底前', '2022-06-30', '6月底前完成甲'],
      ['年底前', '2022-12-31', '年底前完成乙'],
      ['2012年10月底前', '2012-10-31', '2012年10月底前完成丙'],
      ['12月15日前', '2022-12-15', '12月15日前完成丁'],
    ]);
  });

  it('reads a range: its end is the deadline, its start is kept', () => {
    const t = times('2019年1月1日至12月31日，返还失业保险费。');
    expect(t?.deadlines).toEqual([
      {
        label: '2019年1月1日至12月31日',
        date: '2019-12-31',
        // A clause that is only the time limit governs the clause after it.
        text: '2019年1月1日至12月31日，返还失业保险费',
        kind: 'range',
        start: '2019-01-01',
      },
    ]);
  });

  it('dates “印发之日起30日内” from the issue date, and reports it when that is unknown', () => {
    const dated = times('在本意见印发之日起30日内出台办法，印发后3个月内完成评估。', '2018年11月16日');
    expect(dated?.deadlines.map((d) => [d.date, d.kind])).toEqual([
      ['2018-12-16', 'relative'],
      ['2019-02-16', 'relative'],
    ]);
    const p = parsePlan('某省2022年工作要点\n一、任务\n(一)甲。印发之日起30日内出台办法。(甲厅负责)');
    expect(p.tasks[0]?.deadlines).toEqual([]);
    expect(p.tasks[0]?.undated?.[0]).toMatchObject({ label: '印发之日起30日内', kind: 'relative' });
    expect(p.findings.map((f) => f.kind)).toEqual(['undated-deadline']);
  });

  it('gives a clause that is only a time limit the rest of its sentence, up to a time of its own', () => {
    const t = times(
      '各省人民政府要在本意见印发之日起30日内，制定出台具体实施办法，组织有关部门确定范围。年底前，完成评估；9月底前完成验收，组织考核。',
      '2018年11月16日',
    );
    expect(t?.deadlines.map((d) => d.text)).toEqual([
      '各省人民政府要在本意见印发之日起30日内，制定出台具体实施办法，组织有关部门确定范围',
      '年底前，完成评估',
      '9月底前完成验收',
    ]);
    // A clause with its own content before the limit keeps only itself.
    const own = times('完成系统改造年底前，组织验收。');
    expect(own?.deadlines.map((d) => d.text)).toEqual(['完成系统改造年底前']);
  });

  it('dates 上半年 and 三季度末, and keeps 长期坚持 as undated', () => {
    const t = times('上半年完成甲，三季度末完成乙。完成时限：长期坚持。');
    expect(t?.deadlines.map((d) => d.date)).toEqual(['2022-06-30', '2022-09-30']);
    expect(t?.undated).toEqual([{ label: '长期坚持', text: '完成时限：长期坚持', kind: 'ongoing' }]);
  });

  it('never lends a date to a clause without one', () => {
    const t = times('6月底前完成甲，持续优化乙。');
    expect(t?.deadlines.map((d) => d.text)).toEqual(['6月底前完成甲']);
  });
});

describe('text', () => {
  it('reads ASCII and full-width punctuation in any mix', () => {
    const p = plan(
      '某市2023年要点',
      '一、任务',
      '1.深化网上办,年底前完成;推进掌上办。(牵头单位:市审批局;责任单位：市大数据局)',
    );
    expect(p.tasks[0]).toMatchObject({ leads: ['市审批局'], partners: ['市大数据局'] });
    expect(p.tasks[0]?.deadlines[0]?.text).toBe('年底前完成');
  });

  it('repairs PDF text: glyphs, footers and words broken across lines', () => {
    const p = parsePlan(
      '某省２０２２ 年工作要点\n\n一、改革\n\n(一)甲ꎮ ６ 月底前完成省发\n— ３ —\n展改革委的工作ꎮ 〔省发展\n改革委牵头〕',
    );
    expect(p.tasks[0]).toMatchObject({ text: '6月底前完成省发展改革委的工作。', leads: ['省发展改革委'] });
  });

  it('keeps closing text and signatures off the last task', () => {
    const p = plan(
      '某意见',
      '国发〔2018〕39号',
      '一、任务',
      '(一)甲。做好甲。（甲部负责）',
      '各地要及时报送落实情况。',
      '国务院',
      '2018年11月16日',
      '（此件公开发布）',
    );
    expect(p.tasks[0]?.text).toBe('做好甲。');
    expect(p.closing).toBe('各地要及时报送落实情况。\n国务院\n2018年11月16日\n(此件公开发布)');
    expect(p.meta.issueDate).toBe('2018-11-16');
    expect(p.findings).toEqual([]);
  });

  it('reads no tasks in an attachment or distribution list after the plan', () => {
    const p = plan(
      '某市2023年要点',
      '一、任务',
      '(一)甲。做好甲。(甲局负责)',
      '附件：1.任务分工表',
      '1.分工表说明',
      '抄送：市委办公室',
    );
    expect(ids(p)).toEqual(['1.1']);
    expect(p.closing).toContain('附件：1.任务分工表');
  });

  it('reports text between tasks that fits no level, with its line', () => {
    const p = plan(
      '某省2022年要点',
      '一、改革',
      '(一)甲。做好甲。(甲厅负责)',
      '另有说明文字。',
      '(二)乙。做好乙。(乙厅负责)',
    );
    expect(p.tasks).toHaveLength(2);
    expect(p.findings).toMatchObject([{ line: 4, kind: 'loose-text', text: '另有说明文字。' }]);
  });
});

describe('refusal', () => {
  it('loads a text without a title line, named by its first words, and says so', () => {
    const p = parsePlan('为优化营商环境，制定本方案。\n一、任务\n(一)甲。6月底前做好甲。(甲局负责)', {
      year: 2024,
    });
    expect(p.title).toBe('为优化营商环境');
    expect(p.findings.map((f) => f.kind)).toEqual(['no-title']);
  });

  it('refuses only a text with no task at all, and says why', () => {
    expect(() => parsePlan('')).toThrow(PlanFormatError);
    expect(() => parsePlan('某省2022年要点\n只有一段说明文字。')).toThrow(/no task found/);
  });
});
