// The 问答 view: the composer, the conversation log, and the answers and reminders drawn in it.
import { getJson } from './api.js';
import { card, cardList } from './cards.js';
import { currentChatId, currentDeviceId, resetChat } from './chat-id.js';
import { el } from './dom.js';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const chatView = document.getElementById('view-chat');
const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('question');
// Questions are asked one after another, so answers arrive in the order they were asked.
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
    const reply = await getJson('api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, chat: currentChatId(), device: currentDeviceId() }),
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

/**
 * A reminder from the inbox, as its own bubble in the log (which is aria-live, so it is announced).
 * An earlier one (shown before a reload) goes back above this visit's turns, without scrolling.
 */
export function showReminder(item, { earlier = false } = {}) {
  const node = el(
    'div',
    { class: earlier ? 'msg bot push earlier' : 'msg bot push' },
    el('div', { class: 'bubble' }, el('p', { class: 'text' }, item.text)),
    chips(item.choices),
  );
  if (earlier) {
    // After the greeting and the earlier reminders already placed, before this visit's turns.
    const anchor = [...log.querySelectorAll('.msg.push.earlier')].at(-1) ?? log.firstElementChild;
    if (anchor) anchor.after(node);
    else log.prepend(node);
    return;
  }
  log.append(node);
  if (!chatView.hidden) reveal(node);
}

export function startChat() {
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
}
