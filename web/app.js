// The web chat's entry point: wires the chat, the views behind the nav links, and reminder polling.
// Plain DOM, no framework, no build step; each concern has its own module next to this one.
import { getJson } from './api.js';
import { startChat } from './chat.js';
import { startInboxPolling } from './inbox.js';
import { planSwitcher } from './plan-switcher.js';
import { renderTasks } from './tasks-view.js';
import { renderTimeline } from './timeline-view.js';

const form = document.getElementById('composer');

/**
 * Fetches and draws a view's data the first time it is shown, or again for another plan chosen in
 * its switcher; a failure stays on screen.
 */
async function loadInto(view, url, render) {
  if (view.dataset.loaded) return;
  const status = view.querySelector('[data-status]');
  try {
    const plan = await planSwitcher(view, url.replace(/[^/]*$/, 'plans'), () => {
      delete view.dataset.loaded;
      loadInto(view, url, render);
    });
    const data = await getJson(plan ? `${url}?plan=${encodeURIComponent(plan)}` : url);
    view.querySelector('[data-content]').replaceChildren(render(data));
    view.dataset.loaded = 'true';
    status.hidden = true;
  } catch (e) {
    status.textContent = `加载失败：${e.message}`;
  }
}

const views = {
  chat: { node: document.getElementById('view-chat') },
  tasks: { node: document.getElementById('view-tasks'), load: (v) => loadInto(v, 'api/tasks', renderTasks) },
  deadlines: {
    node: document.getElementById('view-deadlines'),
    load: (v) => loadInto(v, 'api/deadlines', renderTimeline),
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
    // A section's first task comes right under the section's heading: bring that heading into view
    // too (html's scroll-padding keeps it below the sticky header), so the reader sees where they are.
    const section = task.closest('.plan-section');
    const first = section && section.querySelector('details') === task;
    (first ? section : task).scrollIntoView({ block: 'start' });
    task.querySelector('summary').focus({ preventScroll: true });
  } else if (anchor) {
    anchor.focus();
  } else if (moveFocus && changed) {
    view.node.querySelector('h2').focus({ preventScroll: true });
  }
}

startChat();
window.addEventListener('hashchange', () => route(true));
route(false);

startInboxPolling();
