// "Do not group" pairs (GET/POST/DELETE /api/v1/do-not-group): the list with
// a remove button per pair, and a form that picks two seekers from the
// waiting pool — a name filter narrows each select to at most 100 names —
// with a reason (3–200 characters) that is kept with the pair.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { on_language_change, t } from '../i18n.js';
import { format_time } from '../format.js';
import { create_announcer, error_box } from '../ui_kit.js';

const options_shown = 100;

// A filter input and a select of the seekers whose name matches it.
function seeker_picker(side, candidates) {
  const filter_id = `dng-filter-${side}`;
  const select_id = `dng-seeker-${side}`;
  const filter = el('input', { class: 'form-input', type: 'search', id: filter_id, autocomplete: 'off',
    'aria-controls': select_id });
  const select = el('select', { class: 'form-select', id: select_id, name: select_id });
  const fill = () => {
    const query = filter.value.trim().toLocaleLowerCase();
    const matching = candidates().filter((seeker) => String(seeker.display_name ?? '').toLocaleLowerCase().includes(query));
    const previous = select.value;
    select.replaceChildren(
      el('option', { value: '', i18n: matching.length ? 'dng_choose' : 'dng_no_match' }),
      ...matching.slice(0, options_shown).map((seeker) => el('option', { value: seeker.seeker_id },
        seeker.main_goal ? `${seeker.display_name} (${seeker.main_goal})` : String(seeker.display_name ?? ''))));
    if ([...select.options].some((option) => option.value === previous)) select.value = previous;
    else if (matching.length === 1) select.value = String(matching[0].seeker_id);
  };
  let timer = null;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fill, 150);
  });
  const element = el('fieldset', { class: 'kreds-picker', id: `dng-${side}` },
    el('legend', { class: 'h5', i18n: `dng_seeker_${side}` }),
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: filter_id, i18n: 'dng_filter' }), filter),
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: select_id, i18n: 'dng_select' }), select));
  return { element, select, filter, fill };
}

export function create_do_not_group_panel() {
  let candidates = [];
  let pairs = [];
  const list = el('div', { id: 'dng-list' }, el('p', { i18n: 'loading' }));
  const announcer = create_announcer('dng-announcer');
  const summary = el('div', { id: 'dng-errors', hidden: true });
  const a = seeker_picker('a', () => candidates);
  const b = seeker_picker('b', () => candidates);
  const reason = el('input', { class: 'form-input', type: 'text', id: 'dng-reason', name: 'reason', maxlength: '200',
    autocomplete: 'off', 'aria-describedby': 'dng-reason-hint' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'dng-submit', i18n: 'dng_submit' });
  const form = el('form', { novalidate: true, id: 'dng-form', 'aria-labelledby': 'dng-add-heading' },
    el('h3', { id: 'dng-add-heading', i18n: 'dng_add_heading' }), summary,
    el('div', { class: 'kreds-pickers' }, a.element, b.element),
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'dng-reason', i18n: 'dng_reason' }),
      el('span', { class: 'form-hint', id: 'dng-reason-hint', i18n: 'dng_reason_hint' }), reason),
    submit);
  const errors = new form_errors(summary);
  const element = el('section', { class: 'mt-7', id: 'do-not-group', 'aria-labelledby': 'dng-heading' },
    el('h2', { id: 'dng-heading', tabindex: '-1', i18n: 'dng_heading' }), el('p', { i18n: 'dng_intro' }),
    announcer.element, list, form);

  function render_list() {
    if (pairs.length === 0) {
      list.replaceChildren(el('p', { i18n: 'dng_empty' }));
      return;
    }
    list.replaceChildren(el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'dng-caption' },
      el('table', { class: 'table table--compact', id: 'dng-table' },
        el('caption', { id: 'dng-caption', i18n: 'dng_caption' }),
        el('thead', {}, el('tr', {}, ...['dng_pair', 'dng_reason_column', 'dng_created', 'dng_actions'].map((key) => el('th', { scope: 'col', i18n: key })))),
        el('tbody', {}, ...pairs.map((pair, index) => {
          const names = (pair.names ?? []).map(String);
          const pair_text = t('dng_pair_names', { a: names[0] ?? pair.seeker_a, b: names[1] ?? pair.seeker_b });
          const remove = el('button', { type: 'button', class: 'button button-secondary', id: `dng-remove-${pair.seeker_a}-${pair.seeker_b}` },
            el('span', { i18n: 'remove' }), el('span', { class: 'sr-only' }, ` ${pair_text}`));
          remove.addEventListener('click', () => remove_pair(pair, pair_text, index));
          return el('tr', { 'data-pair': `${pair.seeker_a}-${pair.seeker_b}` },
            el('th', { scope: 'row' }, pair_text),
            el('td', {}, String(pair.reason ?? '')),
            el('td', {}, pair.created_at ? format_time(pair.created_at) : ''),
            el('td', {}, remove));
        })))));
  }

  on_language_change(() => {
    if (list.querySelector('table')) render_list();
  });

  async function load() {
    try {
      pairs = (await api('GET', '/api/v1/do-not-group'))?.pairs ?? [];
      render_list();
    } catch (error) {
      list.replaceChildren(error_box(error));
    }
  }

  async function remove_pair(pair, pair_text, index) {
    try {
      await api('DELETE', `/api/v1/do-not-group/${encodeURIComponent(pair.seeker_a)}/${encodeURIComponent(pair.seeker_b)}`);
    } catch (error) {
      list.prepend(error_box(error));
      return;
    }
    await load();
    announcer.say('dng_removed', { pair: pair_text });
    // The focus goes to the next pair's button, or to the heading when none is left.
    const buttons = list.querySelectorAll('button');
    (buttons[Math.min(index, buttons.length - 1)] ?? document.getElementById('dng-heading')).focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const seeker_a = Number(a.select.value);
    const seeker_b = Number(b.select.value);
    const text = reason.value.trim();
    if (!a.select.value) errors.add('dng-seeker-a', 'dng_missing_a');
    if (!b.select.value) errors.add('dng-seeker-b', 'dng_missing_b');
    if (a.select.value && a.select.value === b.select.value) errors.add('dng-seeker-b', 'dng_same');
    const length = [...text].length;
    if (length < 3) errors.add('dng-reason', 'dng_reason_short');
    else if (length > 200) errors.add('dng-reason', 'dng_reason_long');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      await api('POST', '/api/v1/do-not-group', { seeker_a, seeker_b, reason: text });
      const name_of = (select) => select.selectedOptions[0]?.textContent ?? '';
      const pair_text = t('dng_pair_names', { a: name_of(a.select), b: name_of(b.select) });
      for (const picker of [a, b]) {
        picker.filter.value = '';
        picker.fill();
      }
      reason.value = '';
      await load();
      announcer.say('dng_added', { pair: pair_text });
      a.filter.focus();
    } catch (error) {
      if (error.field === 'reason') errors.add('dng-reason', 'dng_reason_short');
      else if (error.field === 'seeker_a' || error.field === 'seeker_b') errors.add(`dng-seeker-${error.field.slice(-1)}`, 'dng_seeker_invalid');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, error.code === 'conflict' ? 'dng_conflict' : key, values);
      }
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    element,
    load,
    // The seekers that can be picked (the waiting pool).
    set_candidates(seekers) {
      candidates = seekers ?? [];
      a.fill();
      b.fill();
    },
  };
}

