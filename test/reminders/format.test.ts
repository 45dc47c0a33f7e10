import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { dueReply, reminderReply } from '../../src/reminders/format.ts';
import { planMilestones } from '../../src/reminders/milestones.ts';

const milestones = planMilestones(loadPlan());
const tz = 'Asia/Shanghai';

describe('reminder message', () => {
  it('groups milestones by deadline and names clause, task and leads of each', () => {
    const due = milestones.filter(
      (m) => ['1.2', '4.1'].includes(m.task.id) && m.deadline.date < '2022-10-01',
    );
    const reply = reminderReply(due, new Date('2022-06-29T09:00:00+08:00'), tz);
    const lines = reply.text.split('\n');
    expect(lines[0]).toBe(MESSAGES.reminderHeading);
    expect(lines).toContain(MESSAGES.reminderGroup('6月30日', '6月底前', 1));
    expect(lines).toContain(MESSAGES.reminderGroup('9月30日', '9月底前', 93));
    expect(lines.indexOf(MESSAGES.reminderGroup('6月30日', '6月底前', 1))).toBeLessThan(
      lines.indexOf(MESSAGES.reminderGroup('9月30日', '9月底前', 93)),
    );
    expect(reply.text).toContain('· 4.1 协同推进一体化政务服务');
    expect(reply.text).toContain(MESSAGES.leads('省政府办公厅、省政务服务和资源交易服务中心、省大数据中心'));
    expect(reply.choices.map((c) => c.text)).toEqual(['1.2', '4.1', MESSAGES.dueChoice]);
  });

  it('says "today" on the deadline day', () => {
    const due = milestones.filter((m) => m.task.id === '1.2');
    const reply = reminderReply(due, new Date('2022-06-30T09:00:00+08:00'), tz);
    expect(reply.text).toContain(MESSAGES.reminderGroup('6月30日', '6月底前', 0));
  });
});

describe('/due reply', () => {
  const now = new Date('2022-11-01T10:00:00+08:00');
  const upcoming = milestones.filter((m) => m.deadline.date >= '2022-11-01');

  it('lists upcoming deadlines by date and links the calendar when there is a public URL', () => {
    const reply = dueReply(upcoming, now, tz, {
      scope: 'all',
      calendarUrl: 'https://bot.example/calendar.ics',
    });
    expect(reply.text.startsWith(MESSAGES.dueHeadingAll)).toBe(true);
    expect(reply.text).toContain(MESSAGES.dueGroup('11月30日', '11月底前', 29));
    expect(reply.text).toContain('· 2.3 ');
    expect(reply.text).toContain(MESSAGES.calendarLink('https://bot.example/calendar.ics'));
    expect(dueReply(upcoming, now, tz, { scope: 'all', calendarUrl: null }).text).not.toContain('calendar');
  });

  it('says so when nothing is coming, for the plan or for a subscriber', () => {
    expect(dueReply([], now, tz, { scope: 'all', calendarUrl: null }).text).toBe(MESSAGES.dueNoneAll);
    expect(dueReply([], now, tz, { scope: 'mine', calendarUrl: null }).text).toBe(MESSAGES.dueNoneMine);
  });
});
