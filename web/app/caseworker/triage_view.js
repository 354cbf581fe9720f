// The read-only half of a triage (docs/api.md, `triage`): the facts Kreds
// holds about the seeker, the seeker's own self-assessment answers, the
// needs score with each factor in words, Kreds' suggestion beside the
// seeker's wish, the current decision and the history. `questions` (from
// GET /api/v1/assessment/questions) give the answers their question text.
import { el } from '../dom.js';
import { format_date, format_number, format_time } from '../format.js';
import { answer_key, track_element } from '../triage/labels.js';
import { decision_summary, history_table } from '../triage/decision_view.js';
import { score_table } from '../triage/score_table.js';
import { target_groups } from '../profile_fields.js';

function fact(label_key, value) {
  return [el('dt', { i18n: label_key }), value];
}

export function seeker_facts(seeker) {
  const group = String(seeker?.target_group ?? '');
  const level = Number(seeker?.education_level);
  return el('dl', { class: 'kreds-facts-list', id: 'triage-facts' },
    ...fact('target_group', target_groups.includes(group) ? el('dd', { i18n: `target_${group}` }) : el('dd', {}, group)),
    ...fact('unemployed_since', el('dd', { i18n: 'triage_unemployed_since', i18n_values: {
      date: format_date(seeker?.unemployed_since), weeks: format_number(seeker?.unemployment_weeks, 0) } })),
    ...fact('education_level', Number.isInteger(level) && level >= 0 && level <= 8 ? el('dd', { i18n: `isced_${level}` }) : el('dd', {}, '–')),
    ...fact('triage_earlier_spells', el('dd', {}, format_number(seeker?.earlier_long_spells, 0))));
}

export function assessment_table(assessment, questions) {
  if (!assessment) return el('p', { id: 'triage-answers', i18n: 'triage_no_assessment' });
  const text_of = new Map((questions ?? []).map((question) => [question.id, question.text]));
  const answers = Object.entries(assessment.answers ?? {});
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'triage-answers-caption' },
    el('table', { class: 'table table--compact', id: 'triage-answers' },
      el('caption', { id: 'triage-answers-caption', i18n: 'triage_answers_caption', i18n_values: { at: format_time(assessment.submitted_at) } }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', i18n: 'triage_question' }), el('th', { scope: 'col', i18n: 'triage_answer' }))),
      el('tbody', {}, ...answers.map(([id, answer]) => el('tr', { 'data-question': id },
        el('th', { scope: 'row' }, String(text_of.get(id) ?? id)), el('td', { i18n: answer_key(answer) }))))));
}

// The suggestion and the seeker's wish side by side, in words.
export function suggestion_box(triage) {
  return el('div', { class: 'alert alert-info', id: 'triage-suggestion' }, el('div', { class: 'alert-body' },
    el('p', { class: 'alert-heading' }, el('span', { i18n: 'triage_suggests' }), ' ',
      track_element('strong', triage.suggested_track, { id: 'triage-suggested-track', 'data-track': String(triage.suggested_track ?? '') })),
    el('p', { class: 'alert-text' }, el('span', { i18n: 'triage_score_is', i18n_values: { score: format_number(triage.score, 2) } })),
    el('p', { class: 'alert-text' }, el('span', { i18n: 'triage_wish_is' }), ' ',
      triage.wish ? track_element('strong', triage.wish, { id: 'triage-wish' }) : el('strong', { id: 'triage-wish', i18n: 'triage_no_wish' }))));
}

// The read-only part (`element`, up to the current decision) and the
// history (`history_section`, shown after the decision form);
// show_decisions(list) redraws both after a new decision.
export function render_triage(triage, questions) {
  const current = el('div', { id: 'triage-current' });
  const history = el('div', { id: 'triage-history' });
  const show_decisions = (decisions) => {
    current.replaceChildren(decisions[0]
      ? decision_summary(decisions[0], 'triage-current-decision')
      : el('p', { i18n: 'triage_no_decision' }));
    history.replaceChildren(history_table(decisions, 'triage-history-table'));
  };
  show_decisions(triage.history ?? (triage.current ? [triage.current] : []));
  const element = el('div', {},
    el('section', { 'aria-labelledby': 'triage-facts-heading' },
      el('h3', { id: 'triage-facts-heading', i18n: 'triage_facts_heading' }), seeker_facts(triage.seeker)),
    el('section', { 'aria-labelledby': 'triage-answers-heading' },
      el('h3', { id: 'triage-answers-heading', i18n: 'triage_answers_heading' }), assessment_table(triage.assessment, questions)),
    el('section', { 'aria-labelledby': 'triage-score-heading' },
      el('h3', { id: 'triage-score-heading', i18n: 'triage_score_heading' }),
      suggestion_box(triage),
      el('p', { i18n: 'score_explained' }),
      score_table({ id: 'triage-score', factors: triage.factors, score: triage.score })),
    el('section', { 'aria-labelledby': 'triage-current-heading' },
      el('h3', { id: 'triage-current-heading', i18n: 'triage_current_heading' }), current));
  const history_section = el('section', { 'aria-labelledby': 'triage-history-heading', class: 'mt-7' },
    el('h3', { id: 'triage-history-heading', i18n: 'decisions_heading' }), history);
  return { element, history_section, show_decisions };
}
