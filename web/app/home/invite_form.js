// The "invite someone" form of the home page: a caseworker invites a seeker,
// an admin a caseworker (POST /api/v1/invitations). The code and the full
// link are shown once, with a button to copy the link.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { translate } from '../i18n.js';
import { format_time } from '../format.js';

export function create_invite_form({ role, heading_key }) {
  const prefix = `invite-${role}`;
  const summary = el('div', { id: `${prefix}-errors`, hidden: true });
  const field = (name, key, type, autocomplete) => el('div', { class: 'form-group' },
    el('label', { class: 'form-label', for: `${prefix}-${name}`, i18n: key }),
    el('input', { class: 'form-input', type, id: `${prefix}-${name}`, name, autocomplete, required: true }));
  const submit = el('button', { type: 'submit', class: 'button button-primary', i18n: 'invite_submit' });
  const form = el('form', { novalidate: true, id: `${prefix}-form` },
    field('email', 'invite_email', 'email', 'off'), field('display_name', 'invite_display_name', 'text', 'off'), submit);
  const result = el('div', { id: `${prefix}-result`, role: 'status' });
  const section = el('section', { class: 'mt-7', 'aria-labelledby': `${prefix}-heading` },
    el('h2', { id: `${prefix}-heading`, i18n: heading_key }), summary, form, result);
  const errors = new form_errors(summary);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    result.replaceChildren();
    const email = form.elements.email.value.trim();
    const display_name = form.elements.display_name.value.trim();
    if (email === '') errors.add(`${prefix}-email`, 'invite_email_missing');
    if (display_name === '') errors.add(`${prefix}-display_name`, 'invite_name_missing');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      const invitation = await api('POST', '/api/v1/invitations', { email, display_name, role });
      form.reset();
      show_result(result, prefix, display_name, invitation);
    } catch (error) {
      if (error.code === 'conflict') errors.add(`${prefix}-email`, 'invite_conflict');
      else if (error.field === 'email') errors.add(`${prefix}-email`, 'error_invalid_field');
      else if (error.field === 'display_name') errors.add(`${prefix}-display_name`, 'error_invalid_field');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });
  return section;
}

function show_result(result, prefix, name, invitation) {
  const link = new URL(invitation.link ?? `/invitation.html#${invitation.code}`, location.origin).href;
  const link_input = el('input', { class: 'form-input', type: 'text', id: `${prefix}-link`, readonly: true, value: link });
  const copied = el('p', { class: 'form-hint', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', class: 'button button-secondary', i18n: 'invite_copy' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link);
      translate(copied, 'invite_copied');
    } catch {
      link_input.select();
      translate(copied, 'invite_copy_failed');
    }
  });
  result.replaceChildren(el('div', { class: 'alert alert-success' }, el('div', { class: 'alert-body' },
    el('p', { class: 'alert-text', i18n: 'invite_created', i18n_values: { name } }),
    el('p', { class: 'alert-text' }, translate(el('span'), 'invite_code'), ': ',
      el('strong', { class: 'kreds-code', id: `${prefix}-code` }, String(invitation.code))),
    invitation.expires_at ? el('p', { class: 'alert-text', i18n: 'invite_expires', i18n_values: { date: format_time(invitation.expires_at) } }) : null,
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: `${prefix}-link`, i18n: 'invite_link' }), link_input),
    copy, copied)));
}
