// The "why do you look?" form in front of every audited read of personal
// data (docs/api.md: `purpose`, 3–200 characters, logged before the data is
// sent; the seeker sees it). on_purpose(purpose) does the read and resolves,
// or rejects with an api_error; a `purpose` error from the server shows at
// the field, any other in the form's error summary.
import { describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { character_count } from '../profile_fields.js';

export function create_purpose_form({ id, heading_key, heading_values = null, hint_key, submit_key, on_purpose }) {
  const input_id = `${id}-purpose`;
  const summary = el('div', { id: `${id}-errors`, hidden: true });
  const input = el('input', { class: 'form-input', type: 'text', id: input_id, name: 'purpose', required: true,
    'aria-describedby': `${input_id}-hint`, autocomplete: 'off', maxlength: '200' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: `${id}-submit`, i18n: submit_key });
  const form = el('form', { novalidate: true, id, 'aria-labelledby': `${id}-heading` },
    el('h2', { id: `${id}-heading`, i18n: heading_key, i18n_values: heading_values }), summary,
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: input_id, i18n: 'purpose_label' }),
      el('span', { class: 'form-hint', id: `${input_id}-hint`, i18n: hint_key }), input),
    submit);
  const errors = new form_errors(summary);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const purpose = input.value.trim();
    const length = character_count(purpose);
    if (length < 3) errors.add(input_id, 'purpose_too_short');
    else if (length > 200) errors.add(input_id, 'purpose_too_long');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      await on_purpose(purpose);
    } catch (error) {
      if (error?.field === 'purpose') errors.add(input_id, 'purpose_too_short');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });
  return { element: form, focus: () => input.focus() };
}
