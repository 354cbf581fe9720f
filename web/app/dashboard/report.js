// The dashboard's results (the answer of GET /api/v1/dashboard) in four
// sections, each chart beside the tables that hold its numbers: outcomes
// (share in work or education by track, then by target group), time to job
// (Kaplan–Meier curves, the still-searching and time-to-job tables, other
// exits), staff time (minutes per seeker by month, hours freed) and the
// networks' health. A table the client does not place is shown at the end,
// so nothing the server sends is lost. First comes what the numbers cover
// and what the markers of small cells mean.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { format_date } from '../format.js';
import { month_text, target_group_text, track_text } from './cells.js';
import { render_table } from './data_table.js';
import { health_figures } from './health_chart.js';
import { outcome_figure } from './outcome_chart.js';
import { staff_figure } from './staff_chart.js';
import { survival_figure } from './survival_chart.js';

// Each section: its heading and intro, the tables beside its chart(s), the
// tables below them.
const sections = [
  { id: 'outcomes', beside: ['outcomes_by_track'], below: ['outcomes_by_target_group'] },
  { id: 'time-to-job', beside: ['still_searching', 'time_to_job'], below: ['exits_other'] },
  { id: 'staff-time', beside: ['staff_time', 'hours_freed'], below: [] },
  { id: 'network-health', beside: ['network_health'], below: [] },
];

function scope_text(answer) {
  const filters = answer?.filters ?? {};
  const caseworkers = answer?.choices?.caseworkers ?? [];
  const caseworker = filters.caseworker === null || filters.caseworker === undefined || filters.caseworker === ''
    ? t('dashboard_scope_all_caseworkers')
    : String(caseworkers.find((one) => String(one.id) === String(filters.caseworker))?.display_name ?? filters.caseworker);
  return t('dashboard_scope', {
    as_of: format_date(answer?.as_of),
    from: filters.from ? month_text(filters.from, true) : t('dashboard_scope_start'),
    to: filters.to ? month_text(filters.to, true) : format_date(answer?.as_of),
    track: filters.track ? track_text(filters.track) : t('dashboard_scope_all_tracks'),
    target_group: filters.target_group ? target_group_text(filters.target_group) : t('dashboard_scope_all_target_groups'),
    caseworker,
  });
}

function markers_note() {
  return el('div', { class: 'kreds-dashboard-markers', id: 'dashboard-markers' },
    el('h2', { class: 'h3', id: 'dashboard-markers-heading', i18n: 'dashboard_markers_heading' }),
    el('dl', { class: 'kreds-facts-list', 'aria-labelledby': 'dashboard-markers-heading' },
      el('dt', { i18n: 'dashboard_marker_noise_term' }), el('dd', { i18n: 'dashboard_marker_noise' }),
      el('dt', {}, '<5'), el('dd', { i18n: 'dashboard_marker_small' }),
      el('dt', {}, '..'), el('dd', { i18n: 'dashboard_marker_hidden' }),
      el('dt', {}, '–'), el('dd', { i18n: 'dashboard_marker_none' })));
}

function charts_of(id, answer, by_id) {
  switch (id) {
    case 'outcomes': return [outcome_figure(by_id.get('outcomes_by_track'))];
    case 'time-to-job': return [survival_figure(answer?.survival)];
    case 'staff-time': return [staff_figure(answer?.staff_series)];
    case 'network-health': return health_figures(answer?.health_series);
    default: return [];
  }
}

const withheld_keys = { period_edge: 'dashboard_withheld_period_edge', complement: 'dashboard_withheld_complement' };

// Why the server withheld a view ({reason, minimum_population, minimum_difference}).
function withheld_text(withheld) {
  return t(withheld_keys[withheld.reason] ?? 'dashboard_withheld', {
    minimum: String(withheld.minimum_population ?? 20), difference: String(withheld.minimum_difference ?? 10) });
}

// A view the server withheld (too few people, or a wider view a few people apart): the scope and why, nothing counted.
function withheld_report(answer) {
  return el('div', { id: 'dashboard-report' },
    el('p', { class: 'font-lead', id: 'dashboard-scope' }, scope_text(answer)),
    el('div', { class: 'alert alert-info', id: 'dashboard-withheld', role: 'status' },
      el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text' }, withheld_text(answer.withheld)))));
}

export function render_report(answer, filter_query) {
  if (answer?.withheld && typeof answer.withheld === 'object') return withheld_report(answer);
  const tables = (Array.isArray(answer?.tables) ? answer.tables : []).filter((table) => table && typeof table === 'object');
  const by_id = new Map(tables.map((table) => [String(table.id), table]));
  const placed = new Set(sections.flatMap(({ beside, below }) => [...beside, ...below]));
  const table = (id) => (by_id.has(id) ? render_table(by_id.get(id), filter_query) : null);
  const parts = sections.map(({ id, beside, below }) => {
    const charts = charts_of(id, answer, by_id).filter(Boolean);
    const side = beside.map(table).filter(Boolean);
    const under = below.map(table).filter(Boolean);
    if (charts.length === 0 && side.length === 0 && under.length === 0) return null;
    return el('section', { class: 'kreds-dashboard-section', id: `${id}-section`, 'aria-labelledby': `${id}-heading` },
      el('h2', { id: `${id}-heading`, i18n: `dashboard_${id.replace(/-/g, '_')}_heading` }),
      el('p', { class: 'kreds-dashboard-intro', i18n: `dashboard_${id.replace(/-/g, '_')}_intro` }),
      el('div', { class: charts.length > 0 && side.length > 0 ? 'kreds-dashboard-pair' : null },
        charts.length > 0 ? el('div', { class: 'kreds-dashboard-charts' }, ...charts) : null,
        side.length > 0 ? el('div', { class: 'kreds-dashboard-tables' }, ...side) : null),
      ...under);
  });
  const others = tables.filter((one) => !placed.has(String(one.id))).map((one) => render_table(one, filter_query));
  return el('div', { id: 'dashboard-report' },
    el('p', { class: 'font-lead', id: 'dashboard-scope' }, scope_text(answer)),
    markers_note(),
    ...parts,
    others.length > 0
      ? el('section', { class: 'kreds-dashboard-section', id: 'other-section', 'aria-labelledby': 'other-heading' },
        el('h2', { id: 'other-heading', i18n: 'dashboard_other_heading' }), ...others)
      : null);
}
