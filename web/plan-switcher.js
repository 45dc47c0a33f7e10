// The plan switcher of the 任务 and 时间节点 views: shown only when the server has loaded several
// plans (GET api/plans). Choosing a plan reloads the view with ?plan=KEY.
import { getJson } from './api.js';

let plans = null;

/** The loaded plans, fetched once; an empty list when the server cannot say (the view still works). */
async function loadedPlans(base) {
  plans ??= getJson(base)
    .then((body) => body.plans ?? [])
    .catch(() => []);
  return plans;
}

/**
 * Puts a <select> of the loaded plans under the view's heading (once), and returns the key chosen
 * (null: the default plan). `onChange` is called with the new key.
 */
export async function planSwitcher(view, plansUrl, onChange) {
  const list = await loadedPlans(plansUrl);
  if (list.length < 2) return null;
  let select = view.querySelector('select[data-plan]');
  if (!select) {
    const label = document.createElement('label');
    label.className = 'plan-switcher';
    label.textContent = '计划：';
    select = document.createElement('select');
    select.dataset.plan = '';
    for (const plan of list) {
      const option = document.createElement('option');
      option.value = plan.key;
      option.textContent = `${plan.name}《${plan.title}》`;
      option.selected = plan.default;
      select.append(option);
    }
    select.addEventListener('change', () => onChange(select.value));
    label.append(select);
    view.querySelector('h2').after(label);
  }
  return select.value;
}
