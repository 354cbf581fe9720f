// "Hvem har set mine oplysninger": GET /api/v1/me/access-log as a table of
// date, purpose, role and action (EU Court C-579/21). The seeker's start
// page shows it behind a "Vis opslag" button; the "Dine data" page
// (privacy.html) loads it at once. Purposes are staff's own words: text.
import { api } from '../api.js';
import { el } from '../dom.js';
import { on_language_change, t } from '../i18n.js';
import { format_time } from '../format.js';
import { error_box } from '../ui_kit.js';

// load_now: fetch at once instead of behind the button. Returns
// { element, load } (load() fetches again).
export function create_access_log({ load_now = false } = {}) {
  const show = load_now ? null
    : el('button', { type: 'button', class: 'button button-secondary', id: 'access-log-show', i18n: 'access_log_show' });
  const output = el('div', { id: 'access-log', 'aria-live': 'polite' });
  let entries = null;

  const render = () => {
    if (entries === null) return;
    if (entries.length === 0) {
      output.replaceChildren(el('p', { id: 'access-log-empty', i18n: 'access_log_empty' }));
      return;
    }
    output.replaceChildren(
      el('p', { class: 'sr-only', i18n: 'access_log_count', i18n_values: { count: entries.length } }),
      el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'access-log-caption' },
        el('table', { class: 'table table--compact', id: 'access-log-table' },
          el('caption', { id: 'access-log-caption', i18n: 'access_log_caption' }),
          el('thead', {}, el('tr', {}, ...['access_log_at', 'access_log_purpose', 'access_log_role', 'access_log_action']
            .map((key) => el('th', { scope: 'col', i18n: key })))),
          el('tbody', {}, ...entries.map((entry) => el('tr', {},
            el('td', {}, format_time(entry.at)),
            el('td', {}, String(entry.purpose ?? '')),
            el('td', {}, role_text(entry.by_role)),
            el('td', {}, action_text(entry.action))))))));
  };

  const load = async () => {
    if (show) show.disabled = true;
    output.replaceChildren(el('p', { i18n: 'loading' }));
    try {
      const answer = await api('GET', '/api/v1/me/access-log');
      entries = Array.isArray(answer?.entries) ? answer.entries : [];
      render();
    } catch (error) {
      entries = null;
      output.replaceChildren(error_box(error, 'access-log-error'));
    } finally {
      if (show) show.disabled = false;
    }
  };

  show?.addEventListener('click', load);
  on_language_change(render);
  if (load_now) load();
  const element = el('section', { id: 'access-log-section', class: 'mt-7', 'aria-labelledby': 'access-log-heading' },
    el('h2', { id: 'access-log-heading', i18n: 'access_log_heading' }),
    el('p', { i18n: 'access_log_intro' }), show, output);
  return { element, load };
}

// A role ("caseworker") in words when the client knows it.
function role_text(role) {
  const key = `role_${String(role ?? '')}`;
  const text = t(key);
  return text === key ? String(role ?? '') : text;
}

// An audit action ("read_profile") in words when the client knows it.
function action_text(action) {
  const key = `action_${String(action ?? '').replace(/[^a-z_]/g, '_')}`;
  const text = t(key);
  return text === key ? String(action ?? '') : text;
}
