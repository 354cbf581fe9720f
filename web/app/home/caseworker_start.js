// The caseworker's start on the home page: links to the follow-up screens
// (inbox, triage, portfolio, staff time) and to forming networks
// (matching.html), invite a seeker, and the list of
// the municipality's seekers (GET /api/v1/seekers). "View profile" first
// asks for the purpose of the look-up (required, 3–200 characters: it goes
// to the audit log, and the seeker sees it), then shows the profile
// read-only (GET /api/v1/seekers/{id}/profile?purpose=...).
import { api, api_all_pages, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { current_language, translate } from '../i18n.js';
import { render_profile_view } from '../profile_view.js';
import { render_seeker_table } from '../seeker_table.js';
import { create_invite_form } from './invite_form.js';

const seekers_per_page = 50;

export function create_caseworker_start() {
  const table_slot = el('div', { id: 'seekers' }, el('p', { i18n: 'loading' }));
  const purpose_slot = el('div', { id: 'seeker-purpose' });
  const profile_slot = el('div', { id: 'seeker-profile' });
  const section = el('section', { class: 'mt-7', 'aria-labelledby': 'seekers-heading' },
    el('h2', { id: 'seekers-heading', i18n: 'seekers_heading' }), table_slot, purpose_slot, profile_slot);
  load_seekers(table_slot, (seeker, button) => ask_purpose(purpose_slot, profile_slot, seeker, button));
  const matching = el('section', { 'aria-labelledby': 'matching-link-heading' },
    el('h2', { id: 'matching-link-heading', i18n: 'matching_link_heading' }),
    el('p', { i18n: 'matching_link_text' }),
    el('p', {}, el('a', { class: 'button button-primary', href: '/matching.html', id: 'matching-link', i18n: 'matching_link' })));
  const followup = el('section', { class: 'mb-7', 'aria-labelledby': 'followup-links-heading' },
    el('h2', { id: 'followup-links-heading', i18n: 'start_followup_heading' }),
    el('p', { i18n: 'start_followup_text' }),
    el('ul', { class: 'nobullet-list kreds-link-list' },
      ...[['inbox', 'start_inbox_link'], ['triage', 'start_triage_link'], ['portfolio', 'start_portfolio_link'], ['time', 'start_time_link']]
        .map(([page, key]) => el('li', {}, el('a', { href: `/${page}.html`, class: 'function-link', id: `${page}-link`, i18n: key })))));
  return el('div', {}, followup, matching, create_invite_form({ role: 'seeker', heading_key: 'invite_seeker_heading' }), section);
}

async function load_seekers(slot, on_view) {
  let seekers;
  try {
    seekers = (await api_all_pages('/api/v1/seekers', 'seekers'))?.seekers ?? [];
  } catch (error) {
    const { key, values } = describe_error(error);
    slot.replaceChildren(el('p', { i18n: key, i18n_values: values }));
    return;
  }
  if (seekers.length === 0) {
    slot.replaceChildren(el('p', { i18n: 'seekers_empty' }));
    return;
  }
  render_seeker_table(slot, {
    seekers, prefix: 'seekers', columns: ['seekers_name', 'seekers_has_profile', 'seekers_actions'],
    row: (seeker) => seeker_row(seeker, on_view), per_page: seekers_per_page,
  });
}

// What staff do to a seeker's account with a stated reason (audited; the
// citizen sees the reason): unlock it after failed logins
// (POST /api/v1/accounts/{id}/unlock), or reset its password
// (POST /api/v1/accounts/{id}/password-reset), which ends the seeker's
// sessions and gives a one-time code to hand over.
const reasoned_actions = {
  unlock: {
    path: 'unlock',
    button_class: 'button button-secondary',
    note: 'seekers_blocked',
    done: (answer, name) => el('p', { role: 'status', i18n: 'unlock_done', i18n_values: { name } }),
  },
  reset: {
    path: 'password-reset',
    button_class: 'button button-tertiary',
    note: null,
    done: (answer, name) => el('div', { role: 'status', class: 'kreds-reset-done' },
      el('p', { i18n: 'reset_done', i18n_values: { name } }),
      el('p', {}, el('code', { class: 'kreds-code', 'data-reset-code': '' }, String(answer?.code ?? ''))),
      el('p', { class: 'form-hint', i18n: 'reset_done_link', i18n_values: { name } }),
      el('p', {}, el('code', { class: 'kreds-code' }, `${location.origin}${String(answer?.link ?? '')}`))),
  },
};

// A button that opens a form asking for the reason, then does `kind` (a key of reasoned_actions).
function reasoned_control(seeker, kind) {
  const action = reasoned_actions[kind];
  const name = String(seeker.display_name ?? '');
  const slot = el('div', { class: `kreds-${kind}` });
  const open = el('button', { type: 'button', class: action.button_class, [`data-${kind}`]: seeker.id },
    el('span', { i18n: `${kind}_button` }), el('span', { class: 'sr-only' }, `: ${name}`));
  slot.append(...(action.note ? [el('p', { class: 'form-hint', i18n: action.note })] : []), open);
  open.addEventListener('click', () => {
    const field = `${kind}-${seeker.id}`;
    const summary = el('div', { hidden: true });
    const input = el('input', { class: 'form-input', type: 'text', id: field, name: 'reason', required: true,
      'aria-describedby': `${field}-hint`, autocomplete: 'off' });
    const cancel = el('button', { type: 'button', class: 'button button-tertiary', i18n: 'unlock_cancel' });
    const heading = el('h3', { id: `${field}-heading`, class: 'h5', i18n: `${kind}_heading`, i18n_values: { name } });
    const form = el('form', { novalidate: true, 'aria-labelledby': `${field}-heading` },
      heading, summary, el('div', { class: 'form-group' },
        el('label', { class: 'form-label', for: field, i18n: 'unlock_label' }),
        el('span', { class: 'form-hint', id: `${field}-hint`, i18n: `${kind}_hint`, i18n_values: { name } }), input),
      el('button', { type: 'submit', class: 'button button-primary', i18n: `${kind}_submit` }), cancel);
    slot.replaceChildren(form);
    input.focus();
    const errors = new form_errors(summary);
    cancel.addEventListener('click', () => slot.replaceChildren(reasoned_control(seeker, kind)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      errors.clear();
      const reason = input.value.trim();
      if ([...reason].length < 3) {
        errors.add(field, 'unlock_too_short');
        errors.show();
        return;
      }
      try {
        const answer = await api('POST', `/api/v1/accounts/${encodeURIComponent(seeker.id)}/${action.path}`, { reason });
        slot.replaceChildren(action.done(answer, name));
      } catch (error) {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
        errors.show();
      }
    });
  });
  return slot;
}

function seeker_row(seeker, on_view) {
  const name = String(seeker.display_name ?? '');
  const view = el('button', { type: 'button', class: 'button button-secondary', 'data-seeker': seeker.id },
    el('span', { i18n: 'seekers_view' }), el('span', { class: 'sr-only' }, `: ${name}`));
  view.addEventListener('click', () => on_view(seeker, view));
  // Triage needs the facts of a profile.
  const triage = seeker.has_profile
    ? el('a', { href: `/triage.html?seeker=${encodeURIComponent(seeker.id)}`, class: 'function-link kreds-row-link' },
      el('span', { i18n: 'seekers_triage' }), el('span', { class: 'sr-only' }, ` ${name}`))
    : null;
  return el('tr', {}, el('th', { scope: 'row' }, name),
    el('td', { i18n: seeker.has_profile ? 'seekers_yes' : 'seekers_no' }),
    el('td', {}, view, triage ? ' ' : null, triage, seeker.blocked ? reasoned_control(seeker, 'unlock') : null,
      reasoned_control(seeker, 'reset')));
}

function ask_purpose(purpose_slot, profile_slot, seeker, opener) {
  const name = String(seeker.display_name ?? '');
  profile_slot.replaceChildren();
  const summary = el('div', { id: 'purpose-errors', hidden: true });
  const input = el('input', { class: 'form-input', type: 'text', id: 'purpose', name: 'purpose', required: true,
    'aria-describedby': 'purpose-hint', autocomplete: 'off' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', i18n: 'purpose_submit' });
  const cancel = el('button', { type: 'button', class: 'button button-tertiary', i18n: 'purpose_cancel' });
  const heading = el('h3', { id: 'purpose-heading', tabindex: '-1', i18n: 'purpose_heading', i18n_values: { name } });
  const form = el('form', { novalidate: true, id: 'purpose-form', 'aria-labelledby': 'purpose-heading' },
    heading, summary,
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'purpose', i18n: 'purpose_label' }),
      el('span', { class: 'form-hint', id: 'purpose-hint', i18n: 'purpose_hint' }), input),
    submit, cancel);
  purpose_slot.replaceChildren(form);
  input.focus();
  const errors = new form_errors(summary);
  cancel.addEventListener('click', () => {
    purpose_slot.replaceChildren();
    opener.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const purpose = input.value.trim();
    const length = [...purpose].length;
    if (length < 3) errors.add('purpose', 'purpose_too_short');
    else if (length > 200) errors.add('purpose', 'purpose_too_long');
    if (errors.has_errors) {
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      const parameters = new URLSearchParams({ purpose, lang: current_language() });
      const answer = await api('GET', `/api/v1/seekers/${encodeURIComponent(seeker.id)}/profile?${parameters}`);
      purpose_slot.replaceChildren();
      show_profile(profile_slot, answer?.seeker?.display_name ?? name, answer?.profile ?? {});
    } catch (error) {
      if (error.field === 'purpose') errors.add('purpose', 'purpose_too_short');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });
}

function show_profile(slot, name, profile) {
  const heading = el('h3', { id: 'seeker-profile-heading', tabindex: '-1', i18n: 'seeker_profile_heading', i18n_values: { name } });
  const empty = !profile.goals?.length && !profile.languages?.length && !profile.postcode;
  slot.replaceChildren(el('section', { 'aria-labelledby': 'seeker-profile-heading', class: 'kreds-seeker-profile' },
    heading, empty ? translate(el('p'), 'seeker_profile_empty') : render_profile_view(profile)));
  heading.focus();
}
