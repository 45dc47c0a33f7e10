// Two ids kept in localStorage. The chat id keys follow-up context: a reload continues the
// conversation, 新对话 replaces it. The device id is this browser: it owns the subscriptions made from
// any of its chats, and their reminders wait in its inbox; 新对话 keeps it.

const CHAT_KEY = 'workplan.chat';
const DEVICE_KEY = 'workplan.device';
export const CHAT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function randomId() {
  // crypto.randomUUID needs a secure context; a phone on http://10.x.x.x is not one.
  const bytes = window.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The stored id under `key`, or `initial()` stored there; per tab when storage is off. */
function stored(key, initial) {
  try {
    const id = localStorage.getItem(key);
    if (id && CHAT_ID.test(id)) return id;
    const fresh = initial();
    localStorage.setItem(key, fresh);
    return fresh;
  } catch (e) {
    // Storage can be off (private mode): the ids then last as long as the tab.
    console.warn('localStorage unavailable; chat and subscriptions are per tab', e);
    return randomId();
  }
}

// Before device ids, a subscription belonged to the chat id that made it. A browser that has one
// takes it as its device id, so the subscriptions of its current chat stay its own.
const deviceId = stored(DEVICE_KEY, () => {
  const legacy = localStorage.getItem(CHAT_KEY);
  return legacy && CHAT_ID.test(legacy) ? legacy : randomId();
});
let chatId = stored(CHAT_KEY, randomId);

export function currentChatId() {
  return chatId;
}

export function currentDeviceId() {
  return deviceId;
}

export function resetChat() {
  chatId = randomId();
  try {
    localStorage.setItem(CHAT_KEY, chatId);
  } catch (e) {
    console.warn('localStorage unavailable; new chat is per tab', e);
  }
}
