// The web chat. Plain DOM, no framework: plan text and user input only ever reach the page
// through textContent (via el()), never innerHTML.

const CHAT_KEY = 'workplan.chat';
const CHAT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function randomChatId() {
  // crypto.randomUUID needs a secure context; a phone on http://10.x.x.x is not one.
  const bytes = window.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function storedChatId() {
  try {
    const id = localStorage.getItem(CHAT_KEY);
    if (id && CHAT_ID.test(id)) return id;
    const fresh = randomChatId();
    localStorage.setItem(CHAT_KEY, fresh);
    return fresh;
  } catch (e) {
    // Storage can be off (private mode): follow-ups then last as long as the tab.
    console.warn('localStorage unavailable; chat context is per tab', e);
    return randomChatId();
  }
}

let chatId = storedChatId();

function resetChat() {
  chatId = randomChatId();
  try {
    localStorage.setItem(CHAT_KEY, chatId);
  } catch (e) {
    console.warn('localStorage unavailable; new chat is per tab', e);
  }
  rememberCursor(chatId, null);
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

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

function formatDate(iso) {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}

function agencyList(names) {
  return names.length > 0 ? names.join('、') : null;
}

/** The body shared by answer cards and the browse view. */
function taskDetails(task, { highlights = [], quotes = [], showSentences = false } = {}) {
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

function card(task, highlights) {
  return el(
    'article',
    { class: 'card', 'aria-label': `${task.id} ${task.title}` },
    el('h3', {}, el('span', { class: 'tid' }, task.id), ' ', task.title),
    el('p', { class: 'section' }, task.section),
    taskDetails(task, { highlights, quotes: task.quotes }),
  );
}

/** Several tasks (agency, deadline, section questions): a compact list that opens per task. */
function cardList(cards, highlights) {
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

// ---- chat ----

const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('question');
let queue = Promise.resolve();

function chips(choices) {
  if (choices.length === 0) return null;
  return el(
    'div',
    { class: 'chips' },
    choices.map((c) => el('button', { type: 'button', class: 'chip', 'data-text': c.text }, c.label)),
  );
}

function reveal(node) {
  // A long answer is read from its top; a short one just needs to come into view.
  const tall = node.getBoundingClientRect().height > window.innerHeight * 0.6;
  node.scrollIntoView({ block: tall ? 'start' : 'nearest', behavior: reducedMotion ? 'auto' : 'smooth' });
}

function renderAnswer(slot, reply) {
  const bubble = el('div', { class: 'bubble' }, el('p', { class: 'text' }, reply.text));
  if (reply.cards.length === 1 || (reply.cards.length === 2 && reply.intent !== 'agency')) {
    bubble.append(...reply.cards.map((c) => card(c, reply.highlights)));
  } else if (reply.cards.length > 1) {
    bubble.append(cardList(reply.cards, reply.highlights));
  }
  slot.replaceChildren(bubble);
  const next = chips(reply.choices);
  if (next) slot.append(next);
  slot.removeAttribute('aria-busy');
}

async function ask(question) {
  log.append(el('div', { class: 'msg user' }, el('div', { class: 'bubble' }, question)));
  const slot = el(
    'div',
    { class: 'msg bot', 'aria-busy': 'true' },
    el('div', { class: 'bubble pending' }, '正在查找…'),
  );
  log.append(slot);
  reveal(slot);
  try {
    const reply = await getJson('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, chat: chatId }),
    });
    renderAnswer(slot, reply);
  } catch (e) {
    slot.replaceChildren(
      el('div', { class: 'bubble error' }, `没能回答：${e.message}`),
      chips([{ label: '重试', text: question }]),
    );
    slot.removeAttribute('aria-busy');
  }
  reveal(slot);
}

function send(question) {
  const q = question.trim();
  if (!q) return;
  queue = queue.then(() => ask(q));
}

input.addEventListener('keydown', (e) => {
  // Enter that confirms an IME candidate must not send the half-typed question.
  if (e.key === 'Enter' && (e.isComposing || e.keyCode === 229)) e.preventDefault();
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  send(input.value);
  input.value = '';
});

log.addEventListener('click', (e) => {
  const chip = e.target.closest('button.chip');
  if (chip) send(chip.dataset.text ?? chip.textContent);
});

form.querySelector('[data-new-chat]').addEventListener('click', () => {
  resetChat();
  log.append(el('p', { class: 'divider' }, '新对话'));
  input.focus();
});

// ---- reminders ----
// The server cannot reach a page, so reminders wait in the chat's inbox and the page fetches them:
// on load, when the tab comes back into view, and every 30 s while it is visible.

const INBOX_KEY = 'workplan.inbox';
const POLL_MS = 30_000;
// Subscriptions stay with the chat id that made them, so 新对话 must not silence the old ones.
const MAX_INBOXES = 8;
/** This tab's own cursors: another tab showing a reminder must not hide it from this one. */
const shownHere = new Map();
let polling = false;

const INBOX_ID = /^\d{1,15}-\d{1,15}$/;

/** The later of two inbox ids ("<ms>-<seq>", as the server issues them); either may be null. */
function laterId(a, b) {
  if (!a || !b) return a ?? b;
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return (am - bm || as - bs) >= 0 ? a : b;
}

/** { chat id: last reminder id shown in any tab }, newest chat last. */
function storedCursors() {
  try {
    const value = JSON.parse(localStorage.getItem(INBOX_KEY) ?? '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

function rememberCursor(chat, id) {
  const cursors = storedCursors();
  const next = laterId(cursors[chat] ?? null, id);
  delete cursors[chat];
  cursors[chat] = next;
  const chats = Object.keys(cursors);
  for (const old of chats.slice(0, Math.max(0, chats.length - MAX_INBOXES))) delete cursors[old];
  try {
    localStorage.setItem(INBOX_KEY, JSON.stringify(cursors));
  } catch (e) {
    console.warn('localStorage unavailable; reminders may show again after a reload', e);
  }
}

function showReminder(item) {
  const node = el(
    'div',
    { class: 'msg bot push' },
    el('div', { class: 'bubble' }, el('p', { class: 'text' }, item.text)),
    chips(item.choices),
  );
  log.append(node);
  if (!views.chat.node.hidden) reveal(node);
}

async function pollInbox() {
  if (polling || document.visibilityState !== 'visible') return;
  polling = true;
  try {
    const stored = storedCursors();
    for (const chat of new Set([...Object.keys(stored), chatId])) {
      if (!CHAT_ID.test(chat)) continue;
      const saved = INBOX_ID.test(stored[chat]) ? stored[chat] : null;
      const after = shownHere.has(chat) ? shownHere.get(chat) : saved;
      const query = new URLSearchParams({ chat, ...(after ? { after } : {}) });
      const { items } = await getJson(`/api/inbox?${query}`);
      for (const item of items) showReminder(item);
      const last = items.length > 0 ? items[items.length - 1].id : after;
      shownHere.set(chat, last);
      if (last !== saved) rememberCursor(chat, last);
    }
  } catch (e) {
    console.warn('reminders not fetched; trying again later', e);
  } finally {
    polling = false;
  }
}

// ---- browse and timeline ----

async function loadInto(view, url, render) {
  if (view.dataset.loaded) return;
  const status = view.querySelector('[data-status]');
  try {
    const data = await getJson(url);
    view.querySelector('[data-content]').replaceChildren(render(data));
    view.dataset.loaded = 'true';
    status.hidden = true;
  } catch (e) {
    status.textContent = `加载失败：${e.message}`;
  }
}

function renderTasks(data) {
  const byId = new Map(data.tasks.map((t) => [t.id, t]));
  const out = document.createDocumentFragment();
  out.append(el('p', { class: 'plan-title' }, data.title));
  if (data.planWideResponsible.length > 0) {
    out.append(el('p', { class: 'note' }, `各项任务均需${data.planWideResponsible.join('、')}负责。`));
  }
  for (const section of data.sections) {
    out.append(
      el(
        'section',
        { class: 'plan-section' },
        el('h3', {}, `${section.numeral}、${section.title}`),
        el(
          'ul',
          { class: 'card-list' },
          section.taskIds.map((id) => {
            const task = byId.get(id);
            return el(
              'li',
              {},
              el(
                'details',
                { id: `task-${id.replace('.', '-')}` },
                el('summary', {}, el('span', { class: 'tid' }, id), ' ', task.title),
                taskDetails(task, { showSentences: true }),
              ),
            );
          }),
        ),
      ),
    );
  }
  return out;
}

const dayNumber = (iso) =>
  Date.UTC(...iso.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))) / 86_400_000;

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

function renderTimeline(data) {
  const { today, milestones, year } = data;
  const out = document.createDocumentFragment();
  out.append(
    el('p', { class: 'today-line' }, '今天：', el('time', { datetime: today }, today), '（以计划时钟为准）'),
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
  const todayMark = () => el('li', { class: 'today' }, el('span', {}, `今天 ${formatDate(today)}`));
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

// ---- views ----

const views = {
  chat: { node: document.getElementById('view-chat') },
  tasks: { node: document.getElementById('view-tasks'), load: (v) => loadInto(v, '/api/tasks', renderTasks) },
  deadlines: {
    node: document.getElementById('view-deadlines'),
    load: (v) => loadInto(v, '/api/deadlines', renderTimeline),
  },
};

let shown = null;

async function route(moveFocus) {
  const [name, taskId] = window.location.hash.slice(1).split('/');
  const current = views[name] ? name : 'chat';
  const changed = current !== shown;
  shown = current;
  for (const [key, view] of Object.entries(views)) view.node.hidden = key !== current;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  form.hidden = current !== 'chat';
  const view = views[current];
  if (view.load) await view.load(view.node);
  const task = taskId && document.getElementById(`task-${taskId.replace('.', '-')}`);
  // Any other fragment (the skip link's #question) names an element of the chat view.
  const anchor = !views[name] && name && document.getElementById(name);
  if (task) {
    task.open = true;
    task.scrollIntoView({ block: 'start' });
    task.querySelector('summary').focus();
  } else if (anchor) {
    anchor.focus();
  } else if (moveFocus && changed) {
    view.node.querySelector('h2').focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => route(true));
route(false);

rememberCursor(chatId, null);
document.addEventListener('visibilitychange', pollInbox);
window.setInterval(pollInbox, POLL_MS);
pollInbox();
