// The share in work or education by track as grouped bars, from the
// outcomes_by_track table: one group per share column (13, 26 and 52 weeks
// after joining, as the server labels them), one bar per track. A
// suppressed cell is written where its bar would stand; when no share can
// be shown at all, a sentence says so instead of an empty chart.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { is_number, label_text, percent_text, track_text, tracks } from './cells.js';
import { bar_chart, chart_figure } from './svg_chart.js';

const week_of = (column) => /(?:^|\D)(13|26|52)(?:\D|$)/.exec(String(column?.key ?? ''))?.[1] ?? null;

// The share columns to draw: those at 13, 26 or 52 weeks when the server
// names them so ("share_13"), else every share column.
function share_columns(columns) {
  const shares = columns.map((column, index) => ({ column, index })).filter(({ column }) => column?.kind === 'share');
  const by_week = shares.filter(({ column }) => week_of(column) !== null);
  return by_week.length > 0 ? by_week : shares;
}

// A short name for a bar group ("13 uger"), else the server's label.
function group_label(column) {
  const weeks = week_of(column);
  return weeks ? t('dashboard_outcomes_weeks', { weeks }) : label_text(column.label, column.key);
}

export function outcome_figure(table) {
  const columns = share_columns(Array.isArray(table?.columns) ? table.columns : []);
  const rows = (Array.isArray(table?.rows) ? table.rows : []).filter((row) => tracks.includes(row?.key));
  if (columns.length === 0 || rows.length === 0) return null;
  const value_of = (row, index) => (Array.isArray(row.cells) ? row.cells[index] ?? null : null);
  const series = rows.map((row) => ({ style: tracks.indexOf(row.key) + 1, key: row.key,
    values: columns.map(({ index }) => value_of(row, index)) }));
  if (!series.some(({ values }) => values.some(is_number))) return el('p', { id: 'outcomes-none', i18n: 'dashboard_outcomes_none' });
  const summary = () => [t('dashboard_outcomes_summary'),
    ...rows.map((row) => t('dashboard_outcomes_summary_track', { track: track_text(row.key),
      values: columns.map(({ column, index }) => {
        const value = value_of(row, index);
        return `${group_label(column)} ${is_number(value) ? percent_text(value) : String(value ?? '–')}`;
      }).join(', ') })),
    t('dashboard_chart_table_beside')].join(' ');
  return chart_figure({
    id: 'outcomes',
    caption_key: 'dashboard_outcomes_caption',
    legend_items: rows.map((row) => ({ style: tracks.indexOf(row.key) + 1, kind: 'bar', label: track_text(row.key) })),
    draw: (width) => bar_chart({ width, series, y_max: 1, format_y: percent_text,
      categories: columns.map(({ column }) => ({ key: column.key, label: group_label(column) })),
      x_title: t('dashboard_outcomes_x'), y_title: t('dashboard_outcomes_y'), label: summary() }),
  });
}
