import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load.ts';
import { milestonesFor, planMilestones } from '../../src/reminders/milestones.ts';
import { uuidFromKey } from '../../src/core/name-uuid.ts';

const plan = loadPlan();

describe('plan milestones', () => {
  it('are the plan’s 11 dated deadlines across 8 tasks, soonest first', () => {
    const milestones = planMilestones(plan);
    expect(milestones).toHaveLength(11);
    expect(new Set(milestones.map((m) => m.task.id)).size).toBe(8);
    expect(milestones[0]).toMatchObject({ task: { id: '1.2' }, deadline: { date: '2022-06-30' } });
    const dates = milestones.map((m) => m.deadline.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('have ids that are unique and the same on every load', () => {
    const ids = planMilestones(plan).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(planMilestones(loadPlan()).map((m) => m.id)).toEqual(ids);
  });

  it('are followed by a task, an agency (leading or partnering), or everything', () => {
    const all = planMilestones(plan);
    const ids = (targets: Parameters<typeof milestonesFor>[2]) =>
      milestonesFor(plan, all, targets).map((m) => `${m.task.id}@${m.deadline.date}`);
    expect(ids([{ kind: 'task', taskId: '4.1' }])).toEqual(['4.1@2022-09-30', '4.1@2022-12-31']);
    expect(ids([{ kind: 'agency', agency: '省市场监管局' }])).toContain('5.1@2022-09-30');
    expect(ids([{ kind: 'all' }])).toHaveLength(11);
    expect(
      ids([
        { kind: 'task', taskId: '4.1' },
        { kind: 'agency', agency: '省政府办公厅' },
      ]),
    ).toEqual(ids([{ kind: 'agency', agency: '省政府办公厅' }]));
  });
});

describe('retry keys', () => {
  it('are version-5 UUIDs, the same for the same key and different for another', () => {
    const key = uuidFromKey('telegram:1|4.1@2022-09-30#abc|7d');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFromKey('telegram:1|4.1@2022-09-30#abc|7d')).toBe(key);
    expect(uuidFromKey('telegram:2|4.1@2022-09-30#abc|7d')).not.toBe(key);
  });
});
