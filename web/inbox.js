// Reminders for the web chat. The server cannot reach a page, so reminders wait in the chat's inbox
// and the page fetches them: on load, when the tab comes back into view, and every 30 s while it is
// visible.
import { getJson } from './api.js';
import { CHAT_ID, currentChatId } from './chat-id.js';
import { showReminder } from './chat.js';
import { rememberCursor, storedCursors } from './inbox-cursors.js';

const POLL_MS = 30_000;
const INBOX_ID = /^\d{1,15}-\d{1,15}$/;
/** This tab's own cursors: another tab showing a reminder must not hide it from this one. */
const shownHere = new Map();
let polling = false;

async function pollInbox() {
  if (polling || document.visibilityState !== 'visible') return;
  polling = true;
  try {
    const stored = storedCursors();
    for (const chat of new Set([...Object.keys(stored), currentChatId()])) {
      if (!CHAT_ID.test(chat)) continue;
      const saved = INBOX_ID.test(stored[chat]) ? stored[chat] : null;
      const after = shownHere.has(chat) ? shownHere.get(chat) : saved;
      const query = new URLSearchParams({ chat, ...(after ? { after } : {}) });
      const { items } = await getJson(`api/inbox?${query}`);
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

export function startInboxPolling() {
  document.addEventListener('visibilitychange', pollInbox);
  window.setInterval(pollInbox, POLL_MS);
  pollInbox();
}
