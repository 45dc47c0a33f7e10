// Which reminders this browser has already shown, per chat id, kept in localStorage so a reload or
// a tab opened later starts after them.

const INBOX_KEY = 'workplan.inbox';
// Subscriptions stay with the chat id that made them, so 新对话 must not silence the old ones.
const MAX_INBOXES = 8;

/** The later of two inbox ids ("<ms>-<seq>", as the server issues them); either may be null. */
function laterId(a, b) {
  if (!a || !b) return a ?? b;
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return (am - bm || as - bs) >= 0 ? a : b;
}

/** { chat id: last reminder id shown in any tab }, newest chat last. */
export function storedCursors() {
  try {
    const value = JSON.parse(localStorage.getItem(INBOX_KEY) ?? '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    // Storage off (chat-id.js says so once) or a value this page did not write: nothing shown yet.
    return {};
  }
}

export function rememberCursor(chat, id) {
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
