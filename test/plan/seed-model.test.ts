import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load.ts';
import type { Plan } from '../../src/plan/model.ts';

/**
 * The models the 2022 reader gave for the seed and the 2023 sample, dumped before the tolerant
 * reader replaced it (test/fixtures/plans/*-model.json). The new reader must give the same, field
 * for field; what it adds (meta, findings, roles…) is left out of the comparison.
 */
function asBefore(plan: Plan): unknown {
  return {
    title: plan.title,
    year: plan.year,
    preamble: plan.preamble,
    sections: plan.sections.map(({ number, numeral, title, taskIds }) => ({
      number,
      numeral,
      title,
      taskIds,
    })),
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      sectionNumber: t.sectionNumber,
      item: t.item,
      title: t.title,
      section: t.section,
      text: t.text,
      sentences: t.sentences,
      leads: t.leads,
      partners: t.partners,
      note: t.note,
      deadlines: t.deadlines.map(({ label, date, text }) => ({ label, date, text })),
      targets: t.targets,
      terms: t.terms,
    })),
    planWideResponsible: plan.planWideResponsible,
    agencies: plan.agencies,
  };
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8'));

describe('the tolerant reader on the plans the 2022 reader read', () => {
  it('gives exactly the 2022 seed model it gave before, and no findings', () => {
    const plan = loadPlan('seeds/sichuan-fangguanfu-2022.txt');
    expect(asBefore(plan)).toEqual(fixture('seed-2022-model.json'));
    expect(plan.findings).toEqual([]);
    expect(plan.tasks).toHaveLength(23);
    expect(plan.tasks.flatMap((t) => t.deadlines)).toHaveLength(11);
  });

  it('gives exactly the 2023 sample model it gave before', () => {
    const plan = loadPlan('test/fixtures/plan-2023-sample.txt');
    expect(asBefore(plan)).toEqual(fixture('sample-2023-model.json'));
    expect(plan.findings).toEqual([]);
  });

  it('adds the seed’s metadata and the plan’s own words for each role', () => {
    const plan = loadPlan('seeds/sichuan-fangguanfu-2022.txt');
    expect(plan.meta).toMatchObject({
      region: '四川省',
      yearSource: 'title',
      endYear: 2022,
      levels: ['一、', '(一)'],
    });
    const task = plan.tasks.find((t) => t.id === '3.4');
    expect(task?.roles?.map((r) => r.word)).toEqual(['牵头', '按职责分工负责']);
    expect(task?.ref).toBe('三(四)');
  });
});
