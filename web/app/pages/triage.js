// Triage (triage.html): without ?seeker=ID a list to choose a job seeker
// from; with it, first the purpose of the look-up (an audited read), then
// the seeker's facts, own answers, the needs score with its factors, Kreds'
// suggestion beside the seeker's wish, the caseworker's decision form and
// the end of the seeker's course (an outcome the caseworker records).
// The seeker sees the decision, its reason and the history on their own
// track page.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { create_purpose_form } from '../caseworker/purpose_form.js';
import { create_outcome_section } from '../caseworker/outcome_form.js';
import { create_seeker_picker } from '../caseworker/seeker_picker.js';
import { create_triage_form } from '../caseworker/triage_form.js';
import { render_triage } from '../caseworker/triage_view.js';

const content = document.getElementById('triage-content');
const account = await start_role_page('caseworker', content, 'caseworkers_only');
if (account) {
  const seeker = Number(new URLSearchParams(location.search).get('seeker'));
  if (Number.isInteger(seeker) && seeker > 0) ask_purpose(seeker);
  else content.replaceChildren(create_seeker_picker());
}

function ask_purpose(seeker_id) {
  const purpose = create_purpose_form({
    id: 'triage-purpose',
    heading_key: 'triage_purpose_heading',
    hint_key: 'triage_purpose_hint',
    submit_key: 'triage_purpose_submit',
    on_purpose: async (text) => {
      const parameters = new URLSearchParams({ purpose: text, lang: current_language() });
      const [triage, questions] = await Promise.all([
        api('GET', `/api/v1/seekers/${encodeURIComponent(seeker_id)}/triage?${parameters}`),
        api('GET', `/api/v1/assessment/questions?lang=${current_language()}`).catch(() => null),
      ]);
      show_triage(seeker_id, triage, questions?.questions ?? []);
    },
  });
  content.replaceChildren(el('p', {}, el('a', { href: '/triage.html', class: 'function-link', i18n: 'triage_choose_other' })), purpose.element);
  purpose.focus();
}

function show_triage(seeker_id, triage, questions) {
  const name = String(triage?.seeker?.display_name ?? '');
  const heading = el('h2', { id: 'triage-seeker-heading', tabindex: '-1', i18n: 'triage_seeker_heading', i18n_values: { name } });
  const view = render_triage(triage, questions);
  let decisions = triage.history ?? [];
  const form = create_triage_form(triage, {
    on_decided: (decision) => {
      decisions = [decision, ...decisions];
      view.show_decisions(decisions);
    },
  });
  content.replaceChildren(
    el('p', {}, el('a', { href: '/triage.html', class: 'function-link', i18n: 'triage_choose_other' })),
    el('section', { 'aria-labelledby': 'triage-seeker-heading', 'data-seeker': String(triage?.seeker?.id ?? '') },
      heading, view.element, form, view.history_section, create_outcome_section({ seeker_id: triage?.seeker?.id ?? seeker_id, account })),
    el('p', { class: 'mt-7' }, el('a', { href: '/matching.html', class: 'function-link', i18n: 'triage_to_pool' })));
  heading.focus();
}
