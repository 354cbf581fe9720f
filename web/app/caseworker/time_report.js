// The staff-time report of one month (GET /api/v1/time-report?month=YYYY-MM):
// caseworker minutes per seeker by track for the municipality — the
// evidence that networks free staff time for individual effort — then the
// minutes by kind of action, and the reader's own minutes.
import { el } from '../dom.js';
import { current_locale } from '../i18n.js';
import { format_number } from '../format.js';
import { track_element } from '../triage/labels.js';

const actions = ['triage', 'alert', 'help_answer', 'moderation', 'move', 'formation', 'manual'];

// "2026-11" → "november 2026" in the reader's language.
export function month_text(month) {
  const found = /^(\d{4})-(\d{2})$/.exec(String(month ?? ''));
  if (!found) return String(month ?? '');
  const date = new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, 1));
  return new Intl.DateTimeFormat(current_locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

function action_element(action) {
  return actions.includes(action) ? el('th', { scope: 'row', i18n: `time_action_${action}` }) : el('th', { scope: 'row' }, String(action ?? ''));
}

function table(id, caption_key, month, head, rows) {
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` },
    el('table', { class: 'table table--compact', id },
      el('caption', { id: `${id}-caption`, i18n: caption_key, i18n_values: { month: month_text(month) } }),
      el('thead', {}, el('tr', {}, ...head.map(([key, numeric]) => el('th', { scope: 'col', class: numeric ? 'align-text-right' : null, i18n: key })))),
      el('tbody', {}, ...rows)));
}

const number_cell = (value, digits = 0) => el('td', { class: 'align-text-right' }, format_number(value, digits));

export function render_time_report(report) {
  const month = report?.month;
  const rows = report?.rows ?? [];
  const by_action = report?.by_action ?? [];
  return el('div', { id: 'time-report' },
    el('p', { class: 'font-lead', id: 'time-mine', i18n: 'time_mine', i18n_values: {
      minutes: format_number(report?.mine?.minutes ?? 0, 0), month: month_text(month) } }),
    rows.length === 0 ? el('p', { id: 'time-by-track', i18n: 'time_no_rows' })
      : table('time-by-track', 'time_by_track_caption', month,
        [['time_track', false], ['time_seekers', true], ['time_minutes', true], ['time_minutes_per_seeker', true]],
        rows.map((row) => el('tr', { 'data-track': String(row.track ?? '') },
          track_element('th', row.track ?? null, { scope: 'row' }),
          number_cell(row.seekers), number_cell(row.minutes), number_cell(row.minutes_per_seeker, 1)))),
    by_action.length === 0 ? null
      : table('time-by-action', 'time_by_action_caption', month,
        [['time_action', false], ['time_count', true], ['time_minutes', true]],
        by_action.map((row) => el('tr', { 'data-action': String(row.action ?? '') },
          action_element(row.action), number_cell(row.count), number_cell(row.minutes)))),
    el('p', { class: 'form-hint', i18n: 'time_explained' }));
}

// The current month as YYYY-MM, in the browser's calendar.
export function this_month() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

