// Which reminders this browser has already shown, per inbox, kept in localStorage so a reload or a
// tab opened later knows which reminders are new. The inboxes are the device's, and those of chats
// that subscribed before device ids existed (chat-id.js): a fixed set, so none is ever dropped.

const INBOX_KEY = 'workplan.inbox';

/** Orders two inbox ids ("<ms>-<seq>", as the server issues them). */
export function compareInboxIds(a, b) {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** The later of two inbox ids; either may be null. */
function laterId(a, b) {
  if (!a || !b) return a ?? b;
  return compareInboxIds(a, b) >= 0 ? a : b;
}

/** { inbox id: last reminder id shown in any tab }. */
export function storedCursors() {
  try {
    const value = JSON.parse(localStorage.getItem(INBOX_KEY) ?? '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    // Storage off (chat-id.js says so once) or a value this page did not write: nothing shown yet.
    return {};
  }
}

export function rememberCursor(inbox, id) {
  const cursors = storedCursors();
  cursors[inbox] = laterId(cursors[inbox] ?? null, id);
  try {
    localStorage.setItem(INBOX_KEY, JSON.stringify(cursors));
  } catch (e) {
    console.warn('localStorage unavailable; reminders may show as new again after a reload', e);
  }
}
