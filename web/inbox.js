// Reminders for the web chat. The server cannot reach a page, so reminders wait in the browser's
// inbox (its device id; older chats' inboxes too) and the page fetches them: on load, when the tab
// comes back into view, and every 30 s while it is visible. The first fetch after a load brings the
// whole inbox, so reminders shown before stay in the page's history, marked as earlier.
import { getJson } from './api.js';
import { CHAT_ID, currentDeviceId } from './chat-id.js';
import { showReminder } from './chat.js';
import { compareInboxIds, rememberCursor, storedCursors } from './inbox-cursors.js';

const POLL_MS = 30_000;
const INBOX_ID = /^\d{1,15}-\d{1,15}$/;
/** How many earlier reminders a reload shows again. */
const HISTORY_MAX = 20;
/** This tab's own cursors: another tab showing a reminder must not hide it from this one. */
const shownHere = new Map();
let polling = false;

async function pollInbox() {
  if (polling || document.visibilityState !== 'visible') return;
  polling = true;
  try {
    const stored = storedCursors();
    const device = currentDeviceId();
    const earlier = [];
    const fresh = [];
    for (const inbox of new Set([device, ...Object.keys(stored)])) {
      if (!CHAT_ID.test(inbox)) continue;
      const saved = INBOX_ID.test(stored[inbox]) ? stored[inbox] : null;
      const firstHere = !shownHere.has(inbox);
      const after = firstHere ? null : shownHere.get(inbox);
      const query = new URLSearchParams({
        [inbox === device ? 'device' : 'chat']: inbox,
        ...(after ? { after } : {}),
      });
      const { items } = await getJson(`api/inbox?${query}`);
      for (const item of items) {
        if (firstHere && saved && compareInboxIds(item.id, saved) <= 0) earlier.push(item);
        else fresh.push(item);
      }
      const last = items.length > 0 ? items[items.length - 1].id : after;
      shownHere.set(inbox, last);
      if (last && last !== saved) rememberCursor(inbox, last);
    }
    const byId = (a, b) => compareInboxIds(a.id, b.id);
    for (const item of earlier.sort(byId).slice(-HISTORY_MAX)) showReminder(item, { earlier: true });
    for (const item of fresh.sort(byId)) showReminder(item);
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
