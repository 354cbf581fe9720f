// Choose a job seeker to triage: the municipality's seekers
// (GET /api/v1/seekers) filtered by name, 50 rows at a time, each with a
// link to triage.html?seeker=ID. Seekers without a profile cannot be
// triaged yet (Kreds has no facts about them) and say so.
import { api } from '../api.js';
import { el } from '../dom.js';
import { translate } from '../i18n.js';
import { error_box } from '../matching/labels.js';

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
    seekers = (await api('GET', '/api/v1/seekers'))?.seekers ?? [];
  } catch (error) {
    slot.replaceChildren(error_box(error));
    return;
  }
  if (seekers.length === 0) {
    slot.replaceChildren(el('p', { i18n: 'seekers_empty' }));
    return;
  }
  const filter = el('input', { class: 'form-input', type: 'search', id: 'picker-filter', autocomplete: 'off', 'aria-describedby': 'picker-count' });
  const count = el('p', { id: 'picker-count', 'aria-live': 'polite' });
  const body = el('tbody');
  const render = () => {
    const query = filter.value.trim().toLocaleLowerCase();
    const matching = query === '' ? seekers
      : seekers.filter((seeker) => String(seeker.display_name ?? '').toLocaleLowerCase().includes(query));
    const shown = matching.slice(0, rows_per_page);
    body.replaceChildren(...shown.map(row));
    translate(count, 'seekers_count', { shown: shown.length, total: matching.length });
  };
  let timer = null;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(render, 200);
  });
  slot.replaceChildren(
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: 'picker-filter', i18n: 'seekers_filter' }), filter),
    count,
    el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'picker-caption' },
      el('table', { class: 'table table--compact', id: 'picker-table' },
        el('caption', { id: 'picker-caption', i18n: 'seekers_caption' }),
        el('thead', {}, el('tr', {}, ...['seekers_name', 'picker_triage'].map((key) => el('th', { scope: 'col', i18n: key })))),
        body)));
  render();
}

function row(seeker) {
  const name = String(seeker.display_name ?? '');
  const action = seeker.has_profile
    ? el('a', { href: `/triage.html?seeker=${encodeURIComponent(seeker.id)}`, class: 'function-link', 'data-seeker': String(seeker.id) },
      el('span', { i18n: 'picker_triage_link' }), el('span', { class: 'sr-only' }, ` ${name}`))
    : el('span', { i18n: 'picker_no_profile' });
  return el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, action));
}
