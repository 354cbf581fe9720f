// The history of the pilot settings (GET /api/v1/pilot-settings, "history"):
// the latest changes, newest first — when, which setting, from what (the
// configuration's value when none was stored) to what, and who changed it.
import { el } from '../dom.js';
import { format_time } from '../format.js';
import { label_text } from './setting_groups.js';

export function render_history(history) {
  const changes = Array.isArray(history) ? history.filter((one) => one && typeof one === 'object') : [];
  const heading = el('h2', { id: 'settings-history-heading', i18n: 'settings_history_heading' });
  if (changes.length === 0) {
    return el('section', { class: 'mt-8', id: 'settings-history', 'aria-labelledby': 'settings-history-heading' },
      heading, el('p', { id: 'settings-history-none', i18n: 'settings_history_none' }));
  }
  return el('section', { class: 'mt-8', id: 'settings-history', 'aria-labelledby': 'settings-history-heading' },
    heading,
    el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'settings-history-caption' },
      el('table', { class: 'table table--compact', id: 'settings-history-table' },
        el('caption', { id: 'settings-history-caption', i18n: 'settings_history_caption' }),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', i18n: 'settings_history_when' }),
          el('th', { scope: 'col', i18n: 'settings_history_setting' }),
          el('th', { scope: 'col', class: 'align-text-right', i18n: 'settings_history_from' }),
          el('th', { scope: 'col', class: 'align-text-right', i18n: 'settings_history_to' }),
          el('th', { scope: 'col', i18n: 'settings_history_by' }))),
        el('tbody', {}, ...changes.map((change) => el('tr', { 'data-key': String(change.key ?? '') },
          el('td', {}, format_time(change.changed_at)),
          el('th', { scope: 'row' }, label_text(String(change.key ?? ''))),
          el('td', { class: 'align-text-right' },
            change.old_value === null || change.old_value === undefined ? el('span', { i18n: 'settings_history_file' }) : String(change.old_value)),
          el('td', { class: 'align-text-right' }, String(change.new_value ?? '')),
          el('td', {}, String(change.changed_by ?? ''))))))));
}
