// Caseworker minutes per job seeker per month by track ("staff_series" of
// GET /api/v1/dashboard) as lines — the evidence that networks free staff
// time for individual effort. A month without a value leaves a gap.
import { t } from '../i18n.js';
import { format_number } from '../format.js';
import { is_number, month_text, track_text, tracks } from './cells.js';
import { chart_figure, line_chart } from './svg_chart.js';

function summary(months) {
  const latest = [...months].reverse().find((month) => tracks.some((track) => is_number(month?.[track])));
  if (!latest) return `${t('dashboard_staff_summary')} ${t('dashboard_chart_no_values')}`;
  return [t('dashboard_staff_summary'), t('dashboard_staff_summary_month', { month: month_text(latest.month, true),
    values: tracks.filter((track) => is_number(latest[track]))
      .map((track) => `${track_text(track)} ${format_number(latest[track], 1)}`).join(', ') }),
  t('dashboard_chart_table_beside')].join(' ');
}

export function staff_figure(staff_series) {
  const months = (Array.isArray(staff_series) ? staff_series : []).filter((month) => typeof month?.month === 'string');
  if (months.length === 0) return null;
  const series = tracks.map((track, i) => ({ style: i + 1, key: track, values: months.map((month) => month[track] ?? null) }));
  return chart_figure({
    id: 'staff',
    caption_key: 'dashboard_staff_caption',
    legend_items: tracks.map((track, i) => ({ style: i + 1, kind: 'line', marker: true, label: track_text(track) })),
    draw: (width) => line_chart({ width, series, format_y: (value) => format_number(value, 0),
      categories: months.map((month) => ({ key: month.month, label: month_text(month.month) })),
      x_title: t('dashboard_month'), y_title: t('dashboard_staff_y'), label: summary(months) }),
  });
}
