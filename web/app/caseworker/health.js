// A network's health (docs/api.md, `health`) in numbers: the portfolio as
// one table, most in need first (the server's order), and one network's
// figures as a definition list. Numbers in the reader's language; a rate
// the server could not work out (no meetings, no goals) shows as "–".
import { el } from '../dom.js';
import { format_number, format_percent } from '../format.js';

// Each figure: its translation key and how it is written.
const figures = [
  ['health_need', (h) => format_number(h.need, 1)],
  ['health_open_alerts', (h) => format_number(h.open_alerts, 0)],
  ['health_open_help', (h) => format_number(h.open_help_requests, 0)],
  ['health_activity', (h) => format_number(h.activity_7d, 0)],
  ['health_meetings', (h) => format_number(h.meetings_held_28d, 0)],
  ['health_attendance', (h) => format_percent(h.attendance_rate_28d)],
  ['health_leads_shared', (h) => format_number(h.leads_shared_28d, 0)],
  ['health_leads_used', (h) => format_number(h.leads_used_28d, 0)],
  ['health_goals_met', (h) => format_percent(h.goals_met_rate_last_week)],
  ['health_members', (h) => format_number(h.members, 0)],
  ['health_open_seats', (h) => format_number(h.open_seats, 0)],
  ['health_outcomes', (h) => format_number(h.outcomes, 0)],
];

export function portfolio_table(networks) {
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'portfolio-caption' },
    el('table', { class: 'table table--compact', id: 'portfolio-table' },
      el('caption', { id: 'portfolio-caption', i18n: 'portfolio_caption' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', i18n: 'health_network' }),
        ...figures.map(([key]) => el('th', { scope: 'col', class: 'align-text-right', i18n: key })))),
      el('tbody', {}, ...networks.map((health) => el('tr', { 'data-network': String(health.id) },
        el('th', { scope: 'row' }, el('a', { href: `/portfolio_network.html?network=${encodeURIComponent(health.id)}`,
          i18n: 'health_network_name', i18n_values: { id: health.id } })),
        ...figures.map(([, write]) => el('td', { class: 'align-text-right' }, write(health))))))));
}

export function health_list(health) {
  return el('dl', { class: 'kreds-facts-list kreds-health', id: 'followup-health' },
    ...figures.flatMap(([key, write]) => [el('dt', { i18n: key }), el('dd', {}, write(health))]));
}
