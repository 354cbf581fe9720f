// The end of a job seeker's course ("Afslutning af forløb") on the triage
// page. GET /api/v1/seekers/{id}/outcome shows a recorded outcome as one
// read-only line — recorded by a caseworker, or reported by the seeker in a
// network; without one, a form records it (POST /api/v1/seekers/{id}/outcome:
// the kind, the date — today at the latest, at most a year back — and an
// audited purpose). Seekers on individual effort have no network to report
// in, so the caseworker records it when they learn it. Whether the date lies
// before the seeker started is the server's to judge; its field errors show
// at the field. Names are user content: text only.
import { api } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { format_date, format_time } from '../format.js';
import { on_language_change } from '../i18n.js';
import { error_box } from '../ui_kit.js';
import { character_count } from '../profile_fields.js';

const kinds = ['job', 'education', 'other'];
const field_ids = { kind: 'seeker-outcome-kind', date: 'seeker-outcome-date', purpose: 'seeker-outcome-purpose' };
const field_messages = { kind: 'seeker_outcome_kind_missing', date: 'seeker_outcome_date_invalid', purpose: 'seeker_outcome_purpose_invalid' };

// The browser's calendar date `offset_days` from today, as YYYY-MM-DD.
function day(offset_days) {
  const date = new Date();
  date.setDate(date.getDate() + offset_days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function kind_option(kind) {
  const id = `seeker-outcome-kind-${kind}`;
  return el('div', { class: 'form-group-radio' },
    el('input', { type: 'radio', class: 'form-radio', name: 'kind', id, value: kind }),
    el('label', { class: 'form-label', for: id, i18n: `seeker_outcome_kind_${kind}` }));
}

// The recorder's name: the server sends it as a string (null when the seeker
// reported in a network); an {id, display_name} object is read as well.
function recorder_name(recorded_by) {
  if (typeof recorded_by === 'string') return recorded_by;
  return String(recorded_by?.display_name ?? '');
}

// One line, e.g. "Job fra 3. marts 2026 – registreret af Anna Holm, 4. mar. 2026 10.12".
export function outcome_line(outcome) {
  const kind = kinds.includes(outcome?.kind) ? outcome.kind : 'other';
  const source = outcome?.source === 'network' ? 'network' : 'caseworker';
  const name = recorder_name(outcome?.recorded_by);
  const at = format_time(outcome?.recorded_at);
  let by;
  if (source === 'network') by = el('span', { i18n: 'seeker_outcome_by_network' });
  else if (name) by = el('span', { i18n: 'seeker_outcome_by_caseworker', i18n_values: { name, at } });
  else by = el('span', { i18n: 'seeker_outcome_by_unnamed', i18n_values: { at } });
  return el('p', { id: 'seeker-outcome-line', 'data-kind': kind, 'data-source': source },
    el('strong', { i18n: `seeker_outcome_line_${kind}`, i18n_values: { date: format_date(outcome?.date) } }), ' – ', by);
}

function notice(id, kind_class, key) {
  return el('div', { class: `alert ${kind_class}`, id, tabindex: '-1' }, el('div', { class: 'alert-body' },
    el('p', { class: 'alert-text', i18n: key })));
}

// The section; `account` is the caseworker who is logged in (the recorder
// of an outcome recorded here).
export function create_outcome_section({ seeker_id, account }) {
  const path = `/api/v1/seekers/${encodeURIComponent(seeker_id)}/outcome`;
  const slot = el('div', { id: 'seeker-outcome-slot' }, el('p', { i18n: 'loading' }));
  const result = el('div', { id: 'seeker-outcome-result', 'aria-live': 'polite' });
  const element = el('section', { id: 'seeker-outcome', class: 'mt-7', 'aria-labelledby': 'seeker-outcome-heading' },
    el('h3', { id: 'seeker-outcome-heading', i18n: 'seeker_outcome_heading' }),
    el('p', { i18n: 'seeker_outcome_intro' }), slot, result);

  let shown = null;
  const show_outcome = (outcome) => {
    shown = outcome;
    slot.replaceChildren(outcome_line(outcome));
  };
  // Dates are formatted in the reader's language: redraw the line after a change.
  on_language_change(() => {
    if (shown) show_outcome(shown);
  });

  function create_form() {
    const summary = el('div', { id: 'seeker-outcome-errors', hidden: true });
    const errors = new form_errors(summary);
    const choice = el('fieldset', { id: 'seeker-outcome-kind' },
      el('legend', { class: 'form-label', i18n: 'seeker_outcome_kind_legend' }),
      ...kinds.map(kind_option));
    const date = el('input', { type: 'date', class: 'form-input input-width-s', id: 'seeker-outcome-date', name: 'date',
      min: day(-365), max: day(0), value: day(0), 'aria-describedby': 'seeker-outcome-date-hint' });
    const purpose = el('input', { type: 'text', class: 'form-input', id: 'seeker-outcome-purpose', name: 'purpose', maxlength: '200',
      autocomplete: 'off', 'aria-describedby': 'seeker-outcome-purpose-hint' });
    const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'seeker-outcome-submit', i18n: 'seeker_outcome_submit' });
    const form = el('form', { novalidate: true, id: 'seeker-outcome-form', 'aria-labelledby': 'seeker-outcome-heading' }, summary,
      el('div', { class: 'form-group' }, choice),
      el('div', { class: 'form-group' },
        el('label', { class: 'form-label', for: 'seeker-outcome-date', i18n: 'seeker_outcome_date' }),
        el('span', { class: 'form-hint', id: 'seeker-outcome-date-hint', i18n: 'seeker_outcome_date_hint' }), date),
      el('div', { class: 'form-group' },
        el('label', { class: 'form-label', for: 'seeker-outcome-purpose', i18n: 'seeker_outcome_purpose' }),
        el('span', { class: 'form-hint', id: 'seeker-outcome-purpose-hint', i18n: 'seeker_outcome_purpose_hint' }), purpose),
      submit);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      result.replaceChildren();
      const kind = form.querySelector('input[name="kind"]:checked')?.value ?? null;
      const text = purpose.value.trim();
      const length = character_count(text);
      if (!kind) errors.add('seeker-outcome-kind', 'seeker_outcome_kind_missing');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value) || date.value < day(-365) || date.value > day(0)) {
        errors.add('seeker-outcome-date', 'seeker_outcome_date_invalid');
      }
      if (length < 3 || length > 200) errors.add('seeker-outcome-purpose', 'seeker_outcome_purpose_invalid');
      if (errors.has_errors) {
        errors.show();
        return;
      }
      submit.disabled = true;
      try {
        const saved = await api('POST', path, { kind, date: date.value, purpose: text });
        show_outcome({ kind: saved?.kind ?? kind, date: saved?.date ?? date.value, recorded_at: saved?.recorded_at,
          recorded_by: String(account?.display_name ?? ''), source: 'caseworker' });
        const note = notice('seeker-outcome-saved', 'alert-success', 'seeker_outcome_saved');
        result.replaceChildren(note);
        note.focus();
      } catch (error) {
        if (error?.code === 'conflict') {
          if (await show_existing()) return;
          errors.add(null, 'seeker_outcome_conflict');
        } else {
          errors.add_server_error(error, field_ids, field_messages);
        }
        errors.show();
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // After a conflict (another caseworker, or the seeker in a network, was
  // first): shows the outcome that is recorded; false when none can be read.
  async function show_existing() {
    let answer;
    try {
      answer = await api('GET', path);
    } catch {
      return false;
    }
    if (!answer?.outcome) return false;
    show_outcome(answer.outcome);
    const note = notice('seeker-outcome-already', 'alert-info', 'seeker_outcome_already');
    result.replaceChildren(note);
    note.focus();
    return true;
  }

  api('GET', path).then((answer) => {
    if (answer?.outcome) show_outcome(answer.outcome);
    else slot.replaceChildren(create_form());
  }).catch((error) => slot.replaceChildren(error_box(error, 'seeker-outcome-load-error')));
  return element;
}
