// "Dit spor" on the seeker's course page (GET /api/v1/me/track): the track
// the caseworker decided, Kreds' suggestion and the seeker's own wish beside
// it, the reason (always shown when the decision departs from the
// suggestion), the factors behind the needs score in words, and the
// history of decisions.
import { el } from '../dom.js';
import { decision_summary, history_table } from '../triage/decision_view.js';
import { track_key } from '../triage/labels.js';
import { score_table } from '../triage/score_table.js';

export function render_my_track(answer) {
  const decision = answer?.track ?? null;
  if (!decision) return el('div', { id: 'my-track' }, el('p', { id: 'my-track-none', i18n: 'my_track_none' }));
  return el('div', { id: 'my-track' },
    el('p', { class: 'font-lead', id: 'my-track-decided' }, el('span', { i18n: 'my_track_decided_intro' }), ' ',
      el('strong', { i18n: track_key(decision.track) ?? 'track_none', 'data-track': String(decision.track ?? '') })),
    track_key(decision.track) ? el('p', { i18n: `${track_key(decision.track)}_text` }) : null,
    decision_summary(decision, 'my-track-decision'),
    el('h3', { id: 'my-track-factors-heading', i18n: 'my_track_factors' }),
    el('p', { i18n: 'score_explained' }),
    score_table({ id: 'my-track-score', factors: decision.factors, score: decision.score }),
    el('h3', { id: 'my-track-history-heading', i18n: 'decisions_heading' }),
    history_table(answer.history ?? [], 'my-track-history'));
}
