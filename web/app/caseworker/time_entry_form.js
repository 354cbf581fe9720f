// A manual staff-time entry (POST /api/v1/time): minutes (1–600), the date
// (within the last 90 days), optionally the job seeker it concerns (picked
// by name from GET /api/v1/seekers) and a note (≤ 300 characters).
// on_saved({date, minutes}) is called after the server stored it.
import { api, api_all_pages } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { character_count } from '../profile_fields.js';

const options_shown = 50;
const field_ids = { minutes: 'time-minutes', date: 'time-date', seeker_id: 'time-seeker', note: 'time-note' };
const field_messages = { minutes: 'time_minutes_invalid', date: 'time_date_invalid', seeker_id: 'time_seeker_invalid', note: 'time_note_invalid' };

function day(offset_days) {
  const date = new Date();
  date.setDate(date.getDate() + offset_days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function group(id, label_key, hint_key, control, optional = false) {
  return el('div', { class: 'form-group' },
    el('label', { class: 'form-label', for: id }, el('span', { i18n: label_key }),
      optional ? ' ' : null, optional ? el('span', { class: 'weight-normal', i18n: 'optional_marker' }) : null),
    hint_key ? el('span', { class: 'form-hint', id: `${id}-hint`, i18n: hint_key }) : null, control);
}

export function create_time_entry_form({ on_saved }) {
  const summary = el('div', { id: 'time-form-errors', hidden: true });
  const errors = new form_errors(summary);
  const minutes = el('input', { type: 'number', class: 'form-input input-width-xs', id: 'time-minutes', name: 'minutes', min: '1', max: '600',
    inputmode: 'numeric', 'aria-describedby': 'time-minutes-hint' });
  const date = el('input', { type: 'date', class: 'form-input input-width-s', id: 'time-date', name: 'date', min: day(-90), max: day(0),
    value: day(0), 'aria-describedby': 'time-date-hint' });
  const filter = el('input', { type: 'search', class: 'form-input', id: 'time-seeker-filter', autocomplete: 'off', 'aria-controls': 'time-seeker' });
  const seeker = el('select', { class: 'form-select', id: 'time-seeker', name: 'seeker_id' }, el('option', { value: '', i18n: 'time_seeker_none' }));
  const note = el('textarea', { class: 'form-input', id: 'time-note', name: 'note', rows: '2', maxlength: '300', 'aria-describedby': 'time-note-hint' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'time-submit', i18n: 'time_submit' });
  const result = el('div', { id: 'time-saved-slot', 'aria-live': 'polite' });
  const form = el('form', { novalidate: true, id: 'time-form', 'aria-labelledby': 'time-form-heading' },
    el('h2', { id: 'time-form-heading', i18n: 'time_form_heading' }), summary,
    group('time-minutes', 'time_minutes_label', 'time_minutes_hint', minutes),
    group('time-date', 'time_date_label', 'time_date_hint', date),
    el('div', { class: 'form-group' }, el('fieldset', { class: 'kreds-picker' },
      el('legend', { class: 'form-label' }, el('span', { i18n: 'time_seeker_legend' }), ' ',
        el('span', { class: 'weight-normal', i18n: 'optional_marker' })),
      group('time-seeker-filter', 'time_seeker_filter', null, filter),
      group('time-seeker', 'time_seeker_label', null, seeker))),
    group('time-note', 'time_note_label', 'time_note_hint', note, true),
    submit, result);

  let seekers = [];
  const fill = () => {
    const query = filter.value.trim().toLocaleLowerCase();
    const previous = seeker.value;
    const matching = seekers.filter((one) => String(one.display_name ?? '').toLocaleLowerCase().includes(query));
    seeker.replaceChildren(el('option', { value: '', i18n: 'time_seeker_none' }),
      ...matching.slice(0, options_shown).map((one) => el('option', { value: String(one.id) }, String(one.display_name ?? ''))));
    if ([...seeker.options].some((option) => option.value === previous)) seeker.value = previous;
  };
  let timer = null;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fill, 150);
  });
  api_all_pages('/api/v1/seekers', 'seekers').then((answer) => {
    seekers = answer?.seekers ?? [];
    fill();
  }).catch(() => {});

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    result.replaceChildren();
    const count = Number(minutes.value);
    const text = note.value.trim();
    if (!Number.isInteger(count) || count < 1 || count > 600) errors.add('time-minutes', 'time_minutes_invalid');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value) || date.value < day(-90) || date.value > day(0)) errors.add('time-date', 'time_date_invalid');
    if (character_count(text) > 300) errors.add('time-note', 'time_note_invalid');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    const body = { minutes: count, date: date.value };
    if (seeker.value) body.seeker_id = Number(seeker.value);
    if (text) body.note = text;
    submit.disabled = true;
    try {
      await api('POST', '/api/v1/time', body);
      const saved = el('div', { class: 'alert alert-success', id: 'time-saved', tabindex: '-1' }, el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text', i18n: 'time_saved', i18n_values: { minutes: count } })));
      result.replaceChildren(saved);
      minutes.value = '';
      note.value = '';
      on_saved(body);
      saved.focus();
    } catch (error) {
      errors.add_server_error(error, field_ids, field_messages);
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
