// The 时间节点 view: the plan's milestones by date on a year bar and a list, today marked by the
// server's plan clock.
import { dayNumber, formatDate } from './dates.js';
import { el } from './dom.js';

function countdown(date, today) {
  const days = dayNumber(date) - dayNumber(today);
  if (days === 0) return '今天截止';
  return days > 0 ? `还有 ${days} 天` : `已过 ${-days} 天`;
}

function yearBar(year, dates, today) {
  const start = dayNumber(`${year}-01-01`);
  const length = dayNumber(`${year + 1}-01-01`) - start;
  const at = (iso) => `${(((dayNumber(iso) - start) / length) * 100).toFixed(2)}%`;
  const bar = el('div', { class: 'yearbar', 'aria-hidden': 'true' });
  for (let m = 1; m <= 12; m += 1) bar.append(el('span', { class: 'month' }, String(m)));
  // CSSOM, not a style attribute: the page's CSP forbids inline styles.
  const marker = (tag, cls, iso) => {
    const node = el(tag, { class: cls });
    node.style.left = at(iso);
    return node;
  };
  for (const d of new Set(dates)) bar.append(marker('i', 'dot', d));
  if (today.startsWith(String(year))) bar.append(marker('b', 'now', today));
  return bar;
}

export function renderTimeline(data) {
  const { today, milestones, year } = data;
  const out = document.createDocumentFragment();
  out.append(
    el('p', { class: 'today-line' }, '今天：', el('time', { datetime: today }, today), '（以计划时钟为准）'),
    // Resolved against the page's own address, so it names the right host and path prefix behind
    // any reverse proxy with no setting.
    el(
      'p',
      { class: 'calendar-link' },
      el('a', { href: new URL('calendar.ics', document.baseURI).href }, '📅 导入手机日历'),
    ),
    yearBar(
      year,
      milestones.map((m) => m.date),
      today,
    ),
  );
  const list = el('ol', { class: 'timeline' });
  // Map.groupBy is too new for the older phones many staff carry.
  const byDate = new Map();
  for (const m of milestones) byDate.set(m.date, [...(byDate.get(m.date) ?? []), m]);
  let todayPlaced = false;
  // The timeline is one plan year: a "today" outside it (2026 under a 2022 plan) must say its year.
  const todayLabel = formatDate(today, !today.startsWith(`${year}-`));
  const todayMark = () => el('li', { class: 'today' }, el('span', {}, `今天 ${todayLabel}`));
  for (const [date, items] of byDate) {
    if (!todayPlaced && date > today) {
      list.append(todayMark());
      todayPlaced = true;
    }
    const state = date < today ? 'past' : date === today ? 'due' : 'future';
    list.append(
      el(
        'li',
        { class: `when ${state}` },
        el(
          'p',
          { class: 'date' },
          el('time', { datetime: date }, formatDate(date)),
          ' ',
          el('span', { class: 'label' }, items[0].label),
          ' ',
          el('span', { class: 'countdown' }, countdown(date, today)),
        ),
        el(
          'ul',
          {},
          items.map((m) =>
            el('li', {}, el('a', { class: 'tid', href: `#tasks/${m.taskId}` }, m.taskId), ' ', m.text),
          ),
        ),
      ),
    );
  }
  if (!todayPlaced) list.append(todayMark());
  out.append(list);
  return out;
}
