// The 任务 view: every section of the plan with its tasks, each opening to its details.
import { taskDetails } from './cards.js';
import { el } from './dom.js';

export function renderTasks(data) {
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
