// The last run of the retention job, read-only ("last_retention_run" of
// GET /api/v1/pilot-settings): when it ran and how many rows it deleted
// from each kind of data. A kind the client has no words for is shown by
// its table name.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { format_number, format_time } from '../format.js';

function kind_text(table) {
  const key = `retention_table_${String(table).replace(/[^a-z0-9_]/gi, '_')}`;
  const text = t(key);
  return text === key ? String(table).replace(/_/g, ' ') : text;
}

export function render_retention_run(run) {
  const heading = el('h2', { id: 'retention-run-heading', i18n: 'retention_run_heading' });
  if (!run || typeof run !== 'object') {
    return el('section', { class: 'mt-8', id: 'retention-run', 'aria-labelledby': 'retention-run-heading' },
      heading, el('p', { id: 'retention-run-none', i18n: 'retention_run_none' }));
  }
  const deleted = run.deleted && typeof run.deleted === 'object' ? Object.entries(run.deleted) : [];
  return el('section', { class: 'mt-8', id: 'retention-run', 'aria-labelledby': 'retention-run-heading' },
    heading,
    el('p', { id: 'retention-run-at', i18n: 'retention_run_at', i18n_values: { at: format_time(run.ran_at) } }),
    deleted.length === 0 ? el('p', { i18n: 'retention_run_nothing' })
      : el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'retention-run-caption' },
        el('table', { class: 'table table--compact', id: 'retention-run-table' },
          el('caption', { id: 'retention-run-caption', i18n: 'retention_run_caption' }),
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col', i18n: 'retention_run_kind' }),
            el('th', { scope: 'col', class: 'align-text-right', i18n: 'retention_run_deleted' }))),
          el('tbody', {}, ...deleted.map(([table, count]) => el('tr', { 'data-table': table },
            el('th', { scope: 'row' }, kind_text(table)),
            el('td', { class: 'align-text-right' }, format_number(count, 0))))))));
}
