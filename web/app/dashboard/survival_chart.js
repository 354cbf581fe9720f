// Time to job as Kaplan–Meier curves ("survival" of GET /api/v1/dashboard):
// per track the share still searching — not yet in work or education — by
// weeks since joining, as a step line with its 95 % band. People still
// searching are censored, not counted as failures. The server stops a curve
// where fewer than 5 are at risk and sends no curve for a track of fewer
// than 5 people ("<5"); the legend says so.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { format_number } from '../format.js';
import { is_number, percent_text, track_text, tracks } from './cells.js';
import { chart_figure, step_chart } from './svg_chart.js';

const style_of = (track) => tracks.indexOf(track) + 1 || 4;

function usable_points(points) {
  return (Array.isArray(points) ? points : [])
    .filter((point) => is_number(point?.week) && is_number(point?.still_searching))
    .sort((a, b) => a.week - b.week);
}

// The share still searching at `week` (the last corner at or before it).
function share_at(points, week) {
  let share = null;
  for (const point of points) if (point.week <= week) share = point.still_searching;
  return share;
}

function summary(curves) {
  const sentences = curves.map(({ track, people, points }) => {
    const week = Math.min(52, points[points.length - 1].week);
    return t('dashboard_survival_summary_track', { track: track_text(track), people: format_number(people, 0),
      share: percent_text(share_at(points, week)), weeks: format_number(week, 0) });
  });
  return [t('dashboard_survival_summary'), ...sentences, t('dashboard_chart_table_beside')].join(' ');
}

export function survival_figure(survival) {
  const list = Array.isArray(survival) ? survival : [];
  const curves = list
    .map((entry) => ({ track: entry?.track, people: entry?.people, points: usable_points(entry?.points) }))
    .filter((entry) => is_number(entry.people) && entry.points.length > 0);
  if (curves.length === 0) return el('p', { id: 'survival-none', i18n: 'dashboard_survival_none' });
  const last_week = Math.max(...curves.map(({ points }) => points[points.length - 1].week));
  const x_step = last_week > 104 ? 26 : 13;
  const x_max = Math.max(x_step, Math.ceil(last_week / x_step) * x_step);
  const series = curves.map(({ track, points }) => ({ style: style_of(track), key: String(track ?? ''),
    points: points.map((point) => ({ x: point.week, y: point.still_searching,
      low: is_number(point.lower) ? point.lower : null, high: is_number(point.upper) ? point.upper : null })) }));
  const legend_items = list.map((entry) => ({ style: style_of(entry?.track), kind: 'line',
    label: `${track_text(entry?.track)} (${is_number(entry?.people) ? format_number(entry.people, 0) : String(entry?.people ?? '–')})`,
    note: curves.some((curve) => curve.track === entry?.track) ? null
      : t(entry?.people === '<5' ? 'dashboard_survival_too_few' : 'dashboard_survival_not_drawn') }));
  return chart_figure({
    id: 'survival',
    caption_key: 'dashboard_survival_caption',
    legend_items,
    note_key: 'dashboard_survival_note',
    draw: (width) => step_chart({ width, series, x_max, x_step, format_x: (week) => format_number(week, 0),
      format_y: percent_text, x_title: t('dashboard_survival_x'), y_title: t('dashboard_survival_y'), label: summary(curves) }),
  });
}
