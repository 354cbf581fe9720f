// One of the dashboard's tables, drawn from what the server sends (GET
// /api/v1/dashboard, "tables"): its title as the caption, a column header
// per column, a row header per row, each cell formatted by its column's kind
// — and a link beside it that downloads the same table as CSV
// (GET /api/v1/dashboard/{id}.csv) with the page's filters and language.
// On narrow screens the table scrolls sideways in a box the keyboard can
// reach, named by the caption.
import { el } from '../dom.js';
import { current_language } from '../i18n.js';
import { cell_text, label_text, target_groups, tracks } from './cells.js';

const totals = ['all', 'total'];

// The header of the row-label column, from what the rows are.
function rows_heading_key(rows) {
  const keys = rows.map((row) => String(row.key ?? '')).filter((key) => !totals.includes(key));
  if (keys.length === 0) return 'dashboard_rows_other';
  if (keys.every((key) => tracks.includes(key))) return 'dashboard_rows_track';
  if (keys.every((key) => target_groups.includes(key))) return 'dashboard_rows_target_group';
  if (keys.every((key) => /^\d{4}-\d{2}$/.test(key))) return 'dashboard_rows_month';
  if (keys.every((key) => /^week_\d+$/.test(key))) return 'dashboard_rows_weeks';
  return 'dashboard_rows_other';
}

// The CSV of table `id` with the filters of `filter_query` (URLSearchParams).
export function csv_path(id, filter_query) {
  const parameters = new URLSearchParams({ lang: current_language() });
  for (const [name, value] of filter_query) parameters.append(name, value);
  return `/api/v1/dashboard/${encodeURIComponent(id)}.csv?${parameters}`;
}

export function render_table(table, filter_query) {
  const id = String(table?.id ?? 'table').replace(/[^a-z0-9_]/gi, '_');
  const dom_id = `table-${id}`;
  const columns = Array.isArray(table?.columns) ? table.columns : [];
  const rows = Array.isArray(table?.rows) ? table.rows : [];
  const title = label_text(table?.title, id);
  const numeric = (column) => column?.kind !== 'text';
  const body = rows.length === 0
    ? el('tr', {}, el('td', { colspan: columns.length + 1, i18n: 'dashboard_table_empty' }))
    : rows.map((row) => el('tr', { 'data-row': String(row.key ?? '') },
      el('th', { scope: 'row' }, label_text(row.label, row.key)),
      ...columns.map((column, i) => {
        const value = Array.isArray(row.cells) ? row.cells[i] : null;
        return el('td', { class: numeric(column) ? 'align-text-right' : null, 'data-column': String(column.key ?? ''),
          'data-kind': String(column.kind ?? '') }, cell_text(value, column.kind));
      })));
  return el('div', { class: 'kreds-dashboard-table', id: `${dom_id}-block`, 'data-table': id },
    el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${dom_id}-caption` },
      el('table', { class: 'table table--compact', id: dom_id },
        el('caption', { id: `${dom_id}-caption` }, title),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', i18n: rows_heading_key(rows) }),
          ...columns.map((column) => el('th', { scope: 'col', class: numeric(column) ? 'align-text-right' : null,
            'data-column': String(column.key ?? '') }, label_text(column.label, column.key))))),
        el('tbody', {}, ...[body].flat()))),
    el('p', { class: 'kreds-csv-link d-print-none' },
      el('a', { class: 'button button-secondary', href: csv_path(id, filter_query), download: true, id: `${dom_id}-csv` },
        el('span', { i18n: 'dashboard_csv' }), el('span', { class: 'sr-only' }, `: ${title}`))));
}
