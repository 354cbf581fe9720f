// The seeker's self-assessment (GET /api/v1/assessment/questions,
// GET/PUT /api/v1/me/assessment): one fieldset of radio buttons per
// question (yes / no / don't know, as the server allows), the seeker's own
// wish for a track, and a send button. Every question must be answered; a
// new submission replaces the old one. Before a profile exists the server
// refuses (conflict) and the form says to fill in the profile first.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { format_time } from '../format.js';
import { answer_key, track_key, tracks } from '../triage/labels.js';

function radio(name, id, value, key) {
  return el('div', { class: 'form-group-radio' },
    el('input', { type: 'radio', class: 'form-radio', name, id, value }),
    el('label', { class: 'form-label', for: id, i18n: key }));
}

function question_fieldset(question) {
  const name = `answer-${question.id}`;
  return el('div', { class: 'form-group' }, el('fieldset', { id: `assessment-${question.id}`, 'data-question': question.id },
    el('legend', { class: 'form-label' }, String(question.text ?? question.id)),
    ...(question.answers ?? []).map((answer) => radio(name, `${name}-${answer}`, answer, answer_key(answer)))));
}

// on_saved(assessment) after a successful submission.
export function create_assessment_form({ questions, assessment, on_saved }) {
  const summary = el('div', { id: 'assessment-errors', hidden: true });
  const errors = new form_errors(summary);
  const wish = el('fieldset', { id: 'assessment-wish', 'aria-describedby': 'assessment-wish-hint' },
    el('legend', { class: 'form-label', i18n: 'assessment_wish' }),
    el('span', { class: 'form-hint', id: 'assessment-wish-hint', i18n: 'assessment_wish_hint' }),
    ...tracks.map((track) => radio('wish', `wish-${track}`, track, track_key(track))),
    radio('wish', 'wish-none', '', 'assessment_wish_none'));
  const submitted = el('p', { id: 'assessment-submitted' });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: 'assessment-submit', i18n: 'assessment_send' });
  const result = el('div', { id: 'assessment-result', 'aria-live': 'polite' });
  const form = el('form', { novalidate: true, id: 'assessment-form', 'aria-labelledby': 'assessment-heading' },
    summary, submitted, ...questions.map(question_fieldset), el('div', { class: 'form-group' }, wish), submit, result);

  const show_stored = (stored) => {
    if (!stored) return;
    submitted.replaceChildren(el('span', { i18n: 'assessment_submitted', i18n_values: { at: format_time(stored.submitted_at) } }));
    for (const [id, answer] of Object.entries(stored.answers ?? {})) {
      const input = form.querySelector(`input[name="answer-${CSS.escape(id)}"][value="${CSS.escape(answer)}"]`);
      if (input) input.checked = true;
    }
    const chosen = form.querySelector(`input[name="wish"][value="${CSS.escape(stored.wish ?? '')}"]`);
    if (chosen) chosen.checked = true;
  };
  show_stored(assessment);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    result.replaceChildren();
    const answers = {};
    for (const question of questions) {
      const chosen = form.querySelector(`input[name="answer-${CSS.escape(question.id)}"]:checked`);
      if (chosen) answers[question.id] = chosen.value;
      else errors.add(`assessment-${question.id}`, 'assessment_answer_missing', { question: String(question.text ?? question.id) });
    }
    if (errors.has_errors) {
      errors.show();
      return;
    }
    const body = { answers };
    const wish_value = form.querySelector('input[name="wish"]:checked')?.value ?? '';
    if (wish_value) body.wish = wish_value;
    submit.disabled = true;
    try {
      const stored = (await api('PUT', '/api/v1/me/assessment', body))?.assessment ?? null;
      show_stored(stored);
      const saved = el('div', { class: 'alert alert-success', id: 'assessment-saved', tabindex: '-1' },
        el('div', { class: 'alert-body' }, el('p', { class: 'alert-text', i18n: 'assessment_saved' })));
      result.replaceChildren(saved);
      saved.focus();
      on_saved(stored);
    } catch (error) {
      const question = /^answers\.(.+)$/.exec(error?.field ?? '')?.[1];
      if (error?.code === 'conflict') {
        result.replaceChildren(el('div', { class: 'alert alert-warning', id: 'assessment-needs-profile' }, el('div', { class: 'alert-body' },
          el('p', { class: 'alert-text', i18n: 'assessment_needs_profile' }),
          el('p', { class: 'alert-text' }, el('a', { href: '/profile.html', i18n: 'assessment_profile_link' })))));
      } else if (question && document.getElementById(`assessment-${question}`)) {
        const text = questions.find((one) => one.id === question)?.text ?? question;
        errors.add(`assessment-${question}`, 'assessment_answer_missing', { question: String(text) });
        errors.show();
      } else if (error?.field === 'wish') {
        errors.add('assessment-wish', 'error_invalid_field');
        errors.show();
      } else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
        errors.show();
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
