// A task as the page draws it: a card in an answer, a row that opens in a list, and the same
// details in the browse view.
import { formatDate } from './dates.js';
import { el } from './dom.js';

/** Text with every occurrence of the question's matched words wrapped in <mark>. */
function highlighted(text, words) {
  const terms = [...new Set(words.filter((w) => w && w.length > 0))].sort((a, b) => b.length - a.length);
  const out = document.createDocumentFragment();
  let plain = '';
  for (let i = 0; i < text.length;) {
    const term = terms.find((t) => text.startsWith(t, i));
    if (term) {
      if (plain) out.append(plain);
      plain = '';
      out.append(el('mark', {}, term));
      i += term.length;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  if (plain) out.append(plain);
  return out;
}

function agencyList(names) {
  return names.length > 0 ? names.join('、') : null;
}

/** The body shared by answer cards and the browse view. */
export function taskDetails(task, { highlights = [], quotes = [], showSentences = false } = {}) {
  const rows = el('dl', { class: 'facts' });
  if (task.role) rows.append(el('dt', {}, '角色'), el('dd', {}, task.role === 'lead' ? '牵头' : '配合'));
  rows.append(el('dt', {}, '牵头'), el('dd', {}, agencyList(task.leads) ?? '未设牵头单位'));
  if (task.partners.length > 0) {
    rows.append(
      el('dt', {}, task.leads.length > 0 ? '配合' : '负责'),
      el('dd', {}, agencyList(task.partners)),
    );
  }
  const parts = [rows];
  if (task.deadlines.length > 0) {
    parts.push(
      el('h4', {}, '时间节点'),
      el(
        'ul',
        { class: 'deadlines' },
        task.deadlines.map((d) =>
          el(
            'li',
            { class: d.matched ? 'matched' : null },
            el('time', { datetime: d.date }, formatDate(d.date)),
            ' ',
            // The clause usually opens with its own label ("9月底前实现…"); say it once.
            d.text.includes(d.label) ? null : [el('span', { class: 'label' }, d.label), ' '],
            highlighted(d.text, highlights),
          ),
        ),
      ),
    );
  }
  if (task.targets.length > 0) {
    parts.push(
      el('h4', {}, '目标'),
      el(
        'ul',
        { class: 'targets' },
        task.targets.map((t) =>
          el(
            'li',
            { class: t.matched ? 'matched' : null },
            el('strong', {}, t.raw),
            ' ',
            highlighted(t.text, highlights),
          ),
        ),
      ),
    );
  }
  for (const quote of quotes) parts.push(el('blockquote', {}, highlighted(quote, highlights)));
  if (showSentences && task.sentences.length > 0) {
    parts.push(
      el('h4', {}, '主要举措'),
      el(
        'ol',
        { class: 'sentences' },
        task.sentences.map((s) => el('li', {}, s)),
      ),
    );
  }
  return parts;
}

export function card(task, highlights) {
  return el(
    'article',
    { class: 'card', 'aria-label': `${task.id} ${task.title}` },
    el('h3', {}, el('span', { class: 'tid' }, task.id), ' ', task.title),
    el('p', { class: 'section' }, task.section),
    taskDetails(task, { highlights, quotes: task.quotes }),
  );
}

/** Several tasks (agency, deadline, section questions): a compact list that opens per task. */
export function cardList(cards, highlights) {
  return el(
    'ul',
    { class: 'card-list' },
    cards.map((task) =>
      el(
        'li',
        {},
        el(
          'details',
          {},
          el(
            'summary',
            {},
            el('span', { class: 'tid' }, task.id),
            ' ',
            task.title,
            task.role
              ? el('span', { class: `role ${task.role}` }, task.role === 'lead' ? '牵头' : '配合')
              : null,
          ),
          taskDetails(task, { highlights, quotes: task.quotes }),
        ),
      ),
    ),
  );
}
