// The random chat id the server keys follow-up context and subscriptions by. Kept in localStorage
// so a reload continues the conversation; 新对话 replaces it.
import { rememberCursor } from './inbox-cursors.js';

const CHAT_KEY = 'workplan.chat';
export const CHAT_ID = /^[A-Za-z0-9_-]{1,64}$/;

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

export function currentChatId() {
  return chatId;
}

export function resetChat() {
  chatId = randomChatId();
  try {
    localStorage.setItem(CHAT_KEY, chatId);
  } catch (e) {
    console.warn('localStorage unavailable; new chat is per tab', e);
  }
  // Listed with the others at once, so its inbox is still polled after a later 新对话.
  rememberCursor(chatId, null);
}
