// The networks' health by month ("health_series" of GET /api/v1/dashboard):
// job leads shared and used as grouped bars, and attendance at meetings as
// a line. Counts of fewer than 5 come as "<5" and are written in place of
// their bar; the table beside holds every number.
import { t } from '../i18n.js';
import { format_number } from '../format.js';
import { is_number, month_text, percent_text } from './cells.js';
import { bar_chart, chart_figure, line_chart } from './svg_chart.js';

const value_text = (value, as_share = false) => {
  if (is_number(value)) return as_share ? percent_text(value) : format_number(value, 0);
  return value === null || value === undefined ? '–' : String(value);
};

function latest_month(months, keys) {
  return [...months].reverse().find((month) => keys.some((key) => month?.[key] !== null && month?.[key] !== undefined));
}

function leads_summary(months) {
  const latest = latest_month(months, ['leads_shared', 'leads_used']);
  if (!latest) return `${t('dashboard_leads_summary')} ${t('dashboard_chart_no_values')}`;
  return [t('dashboard_leads_summary'), t('dashboard_leads_summary_month', { month: month_text(latest.month, true),
    shared: value_text(latest.leads_shared), used: value_text(latest.leads_used) }), t('dashboard_chart_table_beside')].join(' ');
}

function attendance_summary(months) {
  const latest = latest_month(months, ['attendance']);
  if (!latest) return `${t('dashboard_attendance_summary')} ${t('dashboard_chart_no_values')}`;
  return [t('dashboard_attendance_summary'), t('dashboard_attendance_summary_month', { month: month_text(latest.month, true),
    share: value_text(latest.attendance, true) }), t('dashboard_chart_table_beside')].join(' ');
}

// Both charts, or none when the server sends no months.
export function health_figures(health_series) {
  const months = (Array.isArray(health_series) ? health_series : []).filter((month) => typeof month?.month === 'string');
  if (months.length === 0) return [];
  const categories = () => months.map((month) => ({ key: month.month, label: month_text(month.month) }));
  const leads = [
    { style: 1, key: 'leads_shared', values: months.map((month) => month.leads_shared ?? null) },
    { style: 2, key: 'leads_used', values: months.map((month) => month.leads_used ?? null) },
  ];
  const attendance = [{ style: 1, key: 'attendance', values: months.map((month) => month.attendance ?? null) }];
  return [
    chart_figure({
      id: 'leads',
      caption_key: 'dashboard_leads_caption',
      legend_items: [{ style: 1, kind: 'bar', label: t('dashboard_leads_shared') }, { style: 2, kind: 'bar', label: t('dashboard_leads_used') }],
      draw: (width) => bar_chart({ width, series: leads, categories: categories(), format_y: (value) => format_number(value, 0),
        x_title: t('dashboard_month'), y_title: t('dashboard_leads_y'), label: leads_summary(months) }),
    }),
    chart_figure({
      id: 'attendance',
      caption_key: 'dashboard_attendance_caption',
      legend_items: [{ style: 1, kind: 'line', marker: true, label: t('dashboard_attendance') }],
      draw: (width) => line_chart({ width, series: attendance, categories: categories(), y_max: 1, format_y: percent_text,
        x_title: t('dashboard_month'), y_title: t('dashboard_attendance_y'), label: attendance_summary(months) }),
    }),
  ];
}
