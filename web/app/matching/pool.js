// The waiting pool (GET /api/v1/pool): how many are waiting and a list
// searchable by name or goal, 50 rows at a time (a pool can hold thousands),
// with each seeker's track and days waited when the server gives them.
import { el } from '../dom.js';
import { translate } from '../i18n.js';
import { format_number, format_time } from '../format.js';
import { track_element } from '../triage/labels.js';
import { error_box } from '../ui_kit.js';

const rows_per_page = 50;

export function create_pool_panel() {
  const count = el('p', { class: 'font-lead', id: 'pool-count', i18n: 'loading' });
  const body = el('div', { id: 'pool-list' });
  const element = el('section', { class: 'mt-7', id: 'pool', 'aria-labelledby': 'pool-heading' },
    el('h2', { id: 'pool-heading', i18n: 'pool_heading' }), el('p', { i18n: 'pool_intro' }), count, body);
  let waiting = [];
  let filter_value = '';

  function render_list() {
    if (waiting.length === 0) {
      body.replaceChildren();
      return;
    }
    const filter = el('input', { class: 'form-input', type: 'search', id: 'pool-filter', autocomplete: 'off',
      'aria-describedby': 'pool-shown' });
    filter.value = filter_value;
    const shown_text = el('p', { id: 'pool-shown', 'aria-live': 'polite' });
    const rows = el('tbody');
    // Track and days waited came with triage; an older server sends neither.
    const with_track = waiting.some((seeker) => 'track' in seeker);
    const with_days = waiting.some((seeker) => 'waiting_days' in seeker);
    const columns = [['pool_name'], ['pool_goal'], with_track ? ['pool_track'] : null, ['pool_since'],
      with_days ? ['pool_waiting_days', 'align-text-right'] : null].filter(Boolean);
    const render_rows = () => {
      const query = filter.value.trim().toLocaleLowerCase();
      filter_value = filter.value;
      const matching = query === '' ? waiting : waiting.filter((seeker) =>
        `${seeker.display_name ?? ''} ${seeker.main_goal ?? ''}`.toLocaleLowerCase().includes(query));
      const shown = matching.slice(0, rows_per_page);
      rows.replaceChildren(...shown.map((seeker) => el('tr', { 'data-seeker': seeker.seeker_id },
        el('th', { scope: 'row' }, String(seeker.display_name ?? '')),
        seeker.main_goal ? el('td', {}, String(seeker.main_goal)) : el('td', { i18n: 'pool_no_goal' }),
        with_track ? track_element('td', seeker.track ?? null) : null,
        el('td', {}, seeker.waiting_since ? format_time(seeker.waiting_since, false) : ''),
        with_days ? el('td', { class: 'align-text-right' }, format_number(seeker.waiting_days, 0)) : null)));
      translate(shown_text, 'pool_shown', { shown: shown.length, total: matching.length });
    };
    let timer = null;
    filter.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(render_rows, 200);
    });
    body.replaceChildren(
      el('details', { class: 'details', id: 'pool-details' },
        el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: 'pool_show_list' })),
        el('div', { class: 'details-text' },
          el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: 'pool-filter', i18n: 'pool_filter' }), filter),
          shown_text,
          el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'pool-caption' },
            el('table', { class: 'table table--compact', id: 'pool-table' },
              el('caption', { id: 'pool-caption', i18n: 'pool_caption' }),
              el('thead', {}, el('tr', {}, ...columns.map(([key, align]) => el('th', { scope: 'col', class: align ?? null, i18n: key })))),
              rows)))));
    render_rows();
  }

  return {
    element,
    // Shows a pool answer ({count, waiting}) or an error.
    show(pool) {
      waiting = pool?.waiting ?? [];
      const total = Number.isFinite(pool?.count) ? pool.count : waiting.length;
      translate(count, total === 0 ? 'pool_empty' : 'pool_count', { count: total });
      render_list();
    },
    fail(error) {
      translate(count, 'pool_unknown');
      body.replaceChildren(error_box(error));
    },
  };
}
