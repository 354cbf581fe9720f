// The pilot settings form, drawn from the server's list (GET
// /api/v1/pilot-settings, "settings"): one fieldset per group, a number
// input per setting with the server's min, max and step (whole numbers for
// "integer"), and a hint with its range and default. The client checks
// the same limits first (and the two rules between settings the server
// keeps: fewest members at most the most, the sparring threshold below the
// individual one); then PUT /api/v1/pilot-settings sends the changed
// values only. A value the server refuses (400 invalid_field, "field" = the
// setting's key) is shown at its input; nothing is saved then.
// on_saved(answer) gets the server's answer (the same shape as GET).
import { api } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { translate } from '../i18n.js';
import { format_number } from '../format.js';
import { grouped, hint_key, input_id, label_key, label_text } from './setting_groups.js';

const is_number = (value) => typeof value === 'number' && Number.isFinite(value);
const digits_of = (setting) => (setting.type === 'integer' ? 0 : 3);
const number_text = (setting, value) => format_number(value, digits_of(setting));

// "Mellem 2 og 20. Standard: 6." in the reader's language (drawn again on a language change).
function show_range(span, setting) {
  const values = { min: number_text(setting, setting.min), max: number_text(setting, setting.max), default: number_text(setting, setting.default) };
  if (is_number(setting.min) && is_number(setting.max)) translate(span, 'settings_range', values);
  else translate(span, is_number(setting.default) ? 'settings_default' : 'settings_no_range', values);
}

function out_of_range(setting, number) {
  return (is_number(setting.min) && number < setting.min) || (is_number(setting.max) && number > setting.max);
}

// The message for a value outside its limits, with the setting's name.
function range_message(setting) {
  return { key: 'settings_out_of_range', values: { label: label_text(setting.key), min: number_text(setting, setting.min),
    max: number_text(setting, setting.max) } };
}

// Settings that must keep an order: [first, second, whether they may be equal].
const orders = [['matching.min_size', 'matching.max_size', true], ['triage.sparring_from', 'triage.individual_from', false]];

export function create_settings_form(settings, { on_saved }) {
  const list = (Array.isArray(settings) ? settings : []).filter((setting) => typeof setting?.key === 'string');
  const summary = el('div', { id: 'settings-errors', hidden: true });
  const errors = new form_errors(summary);
  const inputs = new Map();
  const ranges = [];

  const field = (setting) => {
    const id = input_id(setting.key);
    const integer = setting.type === 'integer';
    const input = el('input', { type: 'number', class: 'form-input input-width-xs', id, name: setting.key, 'data-key': setting.key,
      step: integer ? '1' : 'any', min: is_number(setting.min) ? setting.min : null, max: is_number(setting.max) ? setting.max : null,
      inputmode: integer ? 'numeric' : 'decimal', value: is_number(setting.value) ? String(setting.value) : '',
      'aria-describedby': `${id}-hint` });
    inputs.set(setting.key, { input, setting });
    const range = el('span', { class: 'kreds-setting-range' });
    show_range(range, setting);
    ranges.push([range, setting]);
    const own_hint = hint_key(setting.key);
    const label = label_key(setting.key);
    return el('div', { class: 'form-group', 'data-setting': setting.key },
      label ? el('label', { class: 'form-label', for: id, i18n: label }) : el('label', { class: 'form-label', for: id }, setting.key),
      el('span', { class: 'form-hint', id: `${id}-hint` }, own_hint ? el('span', { i18n: own_hint }) : null, own_hint ? ' ' : null, range),
      input);
  };

  const fieldsets = grouped(list).map(({ id, settings: members }) => el('fieldset', { class: 'kreds-settings-group mt-7',
    id: `settings-group-${id}`, 'aria-describedby': id === 'other' ? null : `settings-group-${id}-hint` },
  el('legend', { class: 'h3', i18n: `settings_group_${id}` }),
  id === 'other' ? null : el('p', { class: 'form-hint', id: `settings-group-${id}-hint`, i18n: `settings_group_${id}_hint` }),
  ...members.map(field)));

  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'settings-submit', i18n: 'settings_submit' });
  const status = el('div', { id: 'settings-status', role: 'status' });
  const form = el('form', { novalidate: true, id: 'settings-form', 'aria-labelledby': 'page-heading' },
    summary, ...fieldsets, el('div', { class: 'mt-7' }, submit), status);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    status.replaceChildren();
    const values = {};
    const sent = {};
    for (const [key, { input, setting }] of inputs) {
      const text = input.value.trim();
      const label = label_text(key);
      if (text === '') {
        errors.add(input.id, input.validity.badInput ? 'settings_not_number' : 'settings_missing', { label });
        continue;
      }
      const number = Number(text);
      if (!Number.isFinite(number)) errors.add(input.id, 'settings_not_number', { label });
      else if (setting.type === 'integer' && !Number.isInteger(number)) errors.add(input.id, 'settings_not_integer', { label });
      else if (out_of_range(setting, number)) {
        const { key: message, values: message_values } = range_message(setting);
        errors.add(input.id, message, message_values);
      } else if (number !== setting.value) {
        values[key] = number;
        sent[key] = number;
      }
    }
    for (const [first, second, may_equal] of orders) {
      if (errors.has_errors || !inputs.has(first) || !inputs.has(second)) continue;
      const low = Number(inputs.get(first).input.value);
      const high = Number(inputs.get(second).input.value);
      if (may_equal ? low > high : low >= high) {
        errors.add(inputs.get(first).input.id, may_equal ? 'settings_order_at_most' : 'settings_order_below',
          { first: label_text(first), second: label_text(second) });
      }
    }
    if (errors.has_errors) {
      errors.show();
      return;
    }
    if (Object.keys(values).length === 0) {
      status.replaceChildren(el('p', { class: 'alert-text', id: 'settings-unchanged', i18n: 'settings_unchanged' }));
      return;
    }
    submit.disabled = true;
    status.replaceChildren(el('p', { i18n: 'saving' }));
    try {
      const answer = await api('PUT', '/api/v1/pilot-settings', { values });
      status.replaceChildren();
      on_saved(answer ?? {});
    } catch (error) {
      status.replaceChildren();
      const field_ids = {};
      const field_messages = {};
      for (const [key, { input, setting }] of inputs) {
        field_ids[key] = input.id;
        field_messages[key] = key in sent && out_of_range(setting, sent[key]) ? range_message(setting)
          : { key: 'settings_refused', values: { label: label_text(key), message: String(error?.message ?? '') } };
      }
      errors.add_server_error(error, field_ids, field_messages);
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    element: form,
    // Writes the range hints again in the reader's (new) language.
    relabel() {
      for (const [span, setting] of ranges) show_range(span, setting);
    },
  };
}
