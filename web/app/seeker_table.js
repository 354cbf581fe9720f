// The municipality's job seekers as a table filtered by name: a search
// field, a live count and the first `per_page` matches. A municipality has
// thousands of seekers, so only a page is drawn. `prefix` names the ids
// (`${prefix}-filter`, `${prefix}-count`, `${prefix}-table`); `columns` are
// the header keys; `row(seeker)` draws one row.
import { el } from './dom.js';
import { translate } from './i18n.js';

export function render_seeker_table(slot, { seekers, prefix, columns, row, per_page = 50 }) {
  const filter = el('input', { class: 'form-input', type: 'search', id: `${prefix}-filter`, autocomplete: 'off',
    'aria-describedby': `${prefix}-count` });
  const count = el('p', { id: `${prefix}-count`, 'aria-live': 'polite' });
  const body = el('tbody');
  const render = () => {
    const query = filter.value.trim().toLocaleLowerCase();
    const matching = query === '' ? seekers
      : seekers.filter((seeker) => String(seeker.display_name ?? '').toLocaleLowerCase().includes(query));
    const shown = matching.slice(0, per_page);
    body.replaceChildren(...shown.map(row));
    translate(count, 'seekers_count', { shown: shown.length, total: matching.length });
  };
  let timer = null;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(render, 200);
  });
  slot.replaceChildren(
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: `${prefix}-filter`, i18n: 'seekers_filter' }), filter),
    count,
    el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${prefix}-caption` },
      el('table', { class: 'table table--compact', id: `${prefix}-table` },
        el('caption', { id: `${prefix}-caption`, i18n: 'seekers_caption' }),
        el('thead', {}, el('tr', {}, ...columns.map((key) => el('th', { scope: 'col', i18n: key })))),
        body)));
  render();
}
