// Move a member out of a network (POST /api/v1/networks/{id}/members/{account_id}/move):
// to another network the caseworker facilitates (GET /api/v1/networks) or to
// individual effort, always with a reason (3–500 characters) that is
// recorded. on_moved({account_id, from, to}) gets the server's answer;
// on_cancel() closes the form.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { character_count } from '../profile_fields.js';

export function create_move_member_form({ network_id, member, networks, on_moved, on_cancel }) {
  const name = String(member.display_name ?? '');
  const summary = el('div', { id: 'move-errors', hidden: true });
  const errors = new form_errors(summary);
  const others = (networks ?? []).filter((network) => network.id !== network_id);
  const to = el('select', { class: 'form-select', id: 'move-to', name: 'to' },
    el('option', { value: '', i18n: 'member_move_choose' }),
    el('option', { value: 'individual', i18n: 'member_move_to_individual' }),
    ...others.map((network) => el('option', { value: String(network.id), i18n: 'member_move_to_network',
      i18n_values: { id: network.id, members: network.members ?? 0, open: network.open_seats ?? 0 } })));
  const reason = el('textarea', { class: 'form-input', id: 'move-reason', name: 'reason', rows: '3', maxlength: '500',
    'aria-describedby': 'move-reason-hint' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'move-submit', i18n: 'member_move_submit' });
  const cancel = el('button', { type: 'button', class: 'button button-tertiary', id: 'move-cancel', i18n: 'member_move_cancel' });
  const heading = el('h3', { id: 'move-heading', tabindex: '-1', i18n: 'member_move_heading', i18n_values: { name } });
  const form = el('form', { novalidate: true, id: 'move-form', class: 'kreds-panel', 'aria-labelledby': 'move-heading' },
    heading, summary,
    el('p', { i18n: 'member_move_intro' }),
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: 'move-to', i18n: 'member_move_to' }), to),
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'move-reason', i18n: 'member_move_reason' }),
      el('span', { class: 'form-hint', id: 'move-reason-hint', i18n: 'member_move_reason_hint' }), reason),
    submit, ' ', cancel);
  cancel.addEventListener('click', on_cancel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const text = reason.value.trim();
    const length = character_count(text);
    if (!to.value) errors.add('move-to', 'member_move_to_missing');
    if (length < 3 || length > 500) errors.add('move-reason', 'member_move_reason_invalid');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      const target = to.value === 'individual' ? 'individual' : Number(to.value);
      const answer = await api('POST',
        `/api/v1/networks/${encodeURIComponent(network_id)}/members/${encodeURIComponent(member.account_id)}/move`,
        { to: target, reason: text });
      on_moved(answer ?? { account_id: member.account_id, from: network_id, to: target });
    } catch (error) {
      if (error?.field === 'reason') errors.add('move-reason', 'member_move_reason_invalid');
      else if (error?.field === 'to') errors.add('move-to', 'member_move_to_invalid');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
      submit.disabled = false;
    }
  });
  return { element: form, focus: () => heading.focus() };
}
