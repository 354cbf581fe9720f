// The caseworker's decision (POST /api/v1/seekers/{id}/triage): a track,
// the number of earlier long spells of unemployment (a fact the caseworker
// may correct) and a reason. The reason is required when the track differs
// from Kreds' suggestion; the server is the judge of that (the suggestion
// moves when the spells change), and its field error shows next to the
// field. No track is chosen in advance: the decision is the caseworker's.
import { api } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { translate } from '../i18n.js';
import { character_count } from '../profile_fields.js';
import { track_key, tracks } from '../triage/labels.js';

const field_ids = { track: 'triage-track', reason: 'triage-reason', earlier_long_spells: 'triage-spells' };
const field_messages = { track: 'triage_track_missing', reason: 'triage_reason_required', earlier_long_spells: 'triage_spells_invalid' };

function track_option(track, triage) {
  const id = `triage-track-${track}`;
  const marks = [];
  if (track === triage.suggested_track) marks.push(el('span', { i18n: 'triage_option_suggested' }));
  if (track === triage.wish) marks.push(el('span', { i18n: 'triage_option_wish' }));
  return el('div', { class: 'form-group-radio' },
    el('input', { type: 'radio', class: 'form-radio', name: 'track', id, value: track }),
    el('label', { class: 'form-label', for: id }, el('span', { i18n: track_key(track) }),
      ...marks.flatMap((mark) => [' ', mark])));
}

// on_decided(decision) gets the stored decision.
export function create_triage_form(triage, { on_decided }) {
  const seeker_id = triage.seeker?.id;
  const summary = el('div', { id: 'triage-form-errors', hidden: true });
  const errors = new form_errors(summary);
  const choice = el('fieldset', { id: 'triage-track', 'aria-describedby': 'triage-track-hint' },
    el('legend', { class: 'form-label', i18n: 'triage_track_legend' }),
    el('span', { class: 'form-hint', id: 'triage-track-hint', i18n: 'triage_track_hint' }),
    ...tracks.map((track) => track_option(track, triage)));
  const differs = el('p', { id: 'triage-differs', class: 'form-hint', 'aria-live': 'polite' });
  const spells = el('input', { type: 'number', class: 'form-input input-width-xs', id: 'triage-spells', name: 'earlier_long_spells',
    min: '0', max: '20', inputmode: 'numeric', 'aria-describedby': 'triage-spells-hint',
    value: String(triage.seeker?.earlier_long_spells ?? 0) });
  const reason = el('textarea', { class: 'form-input', id: 'triage-reason', name: 'reason', rows: '3', maxlength: '500',
    'aria-describedby': 'triage-reason-hint triage-differs' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'triage-submit', i18n: 'triage_submit' });
  const result = el('div', { id: 'triage-result', 'aria-live': 'polite' });
  const form = el('form', { novalidate: true, id: 'triage-form', 'aria-labelledby': 'triage-form-heading' },
    el('h3', { id: 'triage-form-heading', i18n: 'triage_form_heading' }), summary,
    el('div', { class: 'form-group' }, choice),
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'triage-spells' }, el('span', { i18n: 'triage_earlier_spells' }), ' ',
        el('span', { class: 'weight-normal', i18n: 'optional_marker' })),
      el('span', { class: 'form-hint', id: 'triage-spells-hint', i18n: 'triage_spells_hint' }), spells),
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'triage-reason', i18n: 'triage_reason' }),
      el('span', { class: 'form-hint', id: 'triage-reason-hint', i18n: 'triage_reason_hint' }), differs, reason),
    submit, result);

  const chosen = () => form.querySelector('input[name="track"]:checked')?.value ?? null;
  choice.addEventListener('change', () => {
    const track = chosen();
    if (track && track !== triage.suggested_track) translate(differs, 'triage_differs_note');
    else differs.replaceChildren();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    result.replaceChildren();
    const track = chosen();
    const text = reason.value.trim();
    const spell_count = spells.value === '' ? null : Number(spells.value);
    if (!track) errors.add('triage-track', 'triage_track_missing');
    if (character_count(text) > 500) errors.add('triage-reason', 'triage_reason_too_long');
    if (spell_count !== null && (!Number.isInteger(spell_count) || spell_count < 0 || spell_count > 20)) {
      errors.add('triage-spells', 'triage_spells_invalid');
    }
    if (errors.has_errors) {
      errors.show();
      return;
    }
    const body = { track };
    if (text) body.reason = text;
    if (spell_count !== null && spell_count !== (triage.seeker?.earlier_long_spells ?? 0)) body.earlier_long_spells = spell_count;
    submit.disabled = true;
    try {
      const decision = await api('POST', `/api/v1/seekers/${encodeURIComponent(seeker_id)}/triage`, body);
      reason.value = '';
      differs.replaceChildren();
      const note = el('div', { class: 'alert alert-success', id: 'triage-saved', tabindex: '-1' }, el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text' }, el('span', { i18n: 'triage_saved' }), ' ', el('strong', { i18n: track_key(decision?.track) ?? 'track_none' }))));
      result.replaceChildren(note);
      on_decided(decision);
      note.focus();
    } catch (error) {
      errors.add_server_error(error, field_ids, field_messages);
      errors.show();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
