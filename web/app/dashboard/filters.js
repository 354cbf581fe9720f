// The dashboard's filter form: the period (from–to, dates), track, target
// group and caseworker (the server's choices), and "Anvend". The filters
// live in the page's URL query (?from=…&track=…) so that a view can be
// linked, bookmarked and reloaded; the form reads them from there and the
// page writes them back when they are applied. Bad input is shown the DKFDS
// way (form_errors), also when the server refuses a value.
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { target_groups, tracks } from './cells.js';

export const filter_names = ['from', 'to', 'track', 'target_group', 'caseworker'];
const field_ids = { from: 'filter-from', to: 'filter-to', track: 'filter-track', target_group: 'filter-target_group',
  caseworker: 'filter-caseworker' };
const field_messages = { from: 'dashboard_filter_from_invalid', to: 'dashboard_filter_to_invalid', track: 'dashboard_filter_invalid',
  target_group: 'dashboard_filter_invalid', caseworker: 'dashboard_filter_invalid' };
// The period is whole months (the server refuses a day: no slicing by single days).
const is_month = (text) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

// The filters of a URL query: every name, '' when absent.
export function filters_from_query(search) {
  const parameters = new URLSearchParams(search);
  return Object.fromEntries(filter_names.map((name) => [name, (parameters.get(name) ?? '').trim()]));
}

// The set filters as a URL query (URLSearchParams), in a fixed order.
export function query_of(filters) {
  const parameters = new URLSearchParams();
  for (const name of filter_names) {
    const value = filters?.[name];
    if (value !== null && value !== undefined && String(value) !== '') parameters.set(name, String(value));
  }
  return parameters;
}

function group(id, label_key, control, hint_key = null) {
  return el('div', { class: 'form-group' },
    el('label', { class: 'form-label', for: id, i18n: label_key }),
    hint_key ? el('span', { class: 'form-hint', id: `${id}-hint`, i18n: hint_key }) : null, control);
}

function select(id, name, all_key, options) {
  return el('select', { class: 'form-select', id, name },
    el('option', { value: '', i18n: all_key }),
    ...options.map(([value, key]) => el('option', { value, i18n: key })));
}

// on_apply(filters) runs when the form is sent and valid.
export function create_filter_form({ on_apply }) {
  const summary = el('div', { id: 'filter-errors', hidden: true });
  const errors = new form_errors(summary);
  const from = el('input', { type: 'month', class: 'form-input input-width-s', id: field_ids.from, name: 'from' });
  const to = el('input', { type: 'month', class: 'form-input input-width-s', id: field_ids.to, name: 'to' });
  const track = select(field_ids.track, 'track', 'dashboard_filter_all_tracks', tracks.map((one) => [one, `track_${one}`]));
  const target_group = select(field_ids.target_group, 'target_group', 'dashboard_filter_all_target_groups',
    target_groups.map((one) => [one, `target_${one}`]));
  const caseworker = select(field_ids.caseworker, 'caseworker', 'dashboard_filter_all_caseworkers', []);
  const controls = { from, to, track, target_group, caseworker };
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'filter-submit', i18n: 'dashboard_filter_apply' });
  const form = el('form', { novalidate: true, id: 'filter-form', class: 'kreds-dashboard-filters d-print-none', 'aria-labelledby': 'filter-heading' },
    el('h2', { id: 'filter-heading', class: 'h3', i18n: 'dashboard_filter_heading' }), summary,
    el('div', { class: 'kreds-dashboard-filter-fields' },
      el('fieldset', { class: 'kreds-dashboard-period', 'aria-describedby': 'filter-period-hint' },
        el('legend', { class: 'form-label', i18n: 'dashboard_filter_period' }),
        el('span', { class: 'form-hint', id: 'filter-period-hint', i18n: 'dashboard_filter_period_hint' }),
        el('div', { class: 'kreds-inline-form' },
          group(field_ids.from, 'dashboard_filter_from', from), group(field_ids.to, 'dashboard_filter_to', to))),
      group(field_ids.track, 'dashboard_filter_track', track),
      group(field_ids.target_group, 'dashboard_filter_target_group', target_group),
      group(field_ids.caseworker, 'dashboard_filter_caseworker', caseworker)),
    el('div', { class: 'kreds-button-row mt-5' }, submit,
      el('a', { href: '/dashboard.html', class: 'function-link', id: 'filter-reset', i18n: 'dashboard_filter_reset' })));

  // A value the select does not offer (yet: caseworkers come with the
  // first answer) is kept as an option so that it is not silently lost.
  const set_select = (control, value) => {
    if (value && ![...control.options].some((option) => option.value === value)) control.append(el('option', { value }, value));
    control.value = value ?? '';
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    const values = Object.fromEntries(filter_names.map((name) => [name, controls[name].value.trim()]));
    if (values.from && !is_month(values.from)) errors.add(field_ids.from, 'dashboard_filter_from_invalid');
    if (values.to && !is_month(values.to)) errors.add(field_ids.to, 'dashboard_filter_to_invalid');
    if (!errors.has_errors && values.from && values.to && values.from > values.to) errors.add(field_ids.to, 'dashboard_filter_to_before_from');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    on_apply(values);
  });

  return {
    element: form,
    submit,
    // Shows `filters` ({from, to, …}; null or '' for none) in the form.
    set_values(filters) {
      from.value = filters?.from ?? '';
      to.value = filters?.to ?? '';
      for (const name of ['track', 'target_group', 'caseworker']) {
        const value = filters?.[name];
        set_select(controls[name], value === null || value === undefined ? '' : String(value));
      }
    },
    // Offers the caseworkers [{id, display_name}], keeping the choice.
    set_caseworkers(list) {
      const chosen = caseworker.value;
      caseworker.replaceChildren(el('option', { value: '', i18n: 'dashboard_filter_all_caseworkers' }),
        ...(Array.isArray(list) ? list : []).map((one) => el('option', { value: String(one.id) }, String(one.display_name ?? one.id))));
      set_select(caseworker, chosen);
    },
    // A refused request: at its filter when the server names one, else in the summary.
    show_server_error(error) {
      errors.clear();
      errors.add_server_error(error, field_ids, field_messages);
      errors.show();
    },
    clear_errors() {
      errors.clear();
    },
  };
}
