// Choose a job seeker to triage: the municipality's seekers
// (GET /api/v1/seekers) filtered by name, 50 rows at a time, each with a
// link to triage.html?seeker=ID. Seekers without a profile cannot be
// triaged yet (Kreds has no facts about them) and say so.
import { api_all_pages } from '../api.js';
import { el } from '../dom.js';
import { error_box } from '../ui_kit.js';
import { render_seeker_table } from '../seeker_table.js';

const rows_per_page = 50;

export function create_seeker_picker() {
  const slot = el('div', { id: 'seeker-picker-list' }, el('p', { i18n: 'loading' }));
  const element = el('section', { id: 'seeker-picker', 'aria-labelledby': 'seeker-picker-heading' },
    el('h2', { id: 'seeker-picker-heading', i18n: 'picker_heading' }), el('p', { i18n: 'picker_intro' }), slot);
  load(slot);
  return element;
}

async function load(slot) {
  let seekers;
  try {
    seekers = (await api_all_pages('/api/v1/seekers', 'seekers'))?.seekers ?? [];
  } catch (error) {
    slot.replaceChildren(error_box(error));
    return;
  }
  if (seekers.length === 0) {
    slot.replaceChildren(el('p', { i18n: 'seekers_empty' }));
    return;
  }
  render_seeker_table(slot, { seekers, prefix: 'picker', columns: ['seekers_name', 'picker_triage'], row, per_page: rows_per_page });
}

function row(seeker) {
  const name = String(seeker.display_name ?? '');
  const action = seeker.has_profile
    ? el('a', { href: `/triage.html?seeker=${encodeURIComponent(seeker.id)}`, class: 'function-link', 'data-seeker': String(seeker.id) },
      el('span', { i18n: 'picker_triage_link' }), el('span', { class: 'sr-only' }, ` ${name}`))
    : el('span', { i18n: 'picker_no_profile' });
  return el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, action));
}
