// A track decision shown read-only (docs/api.md, `decision`): the track,
// Kreds' suggestion, the seeker's own wish, whether the caseworker departed
// from the suggestion and why, who decided and when — and the history of
// decisions as a table. Names and reasons are user content: text only.
import { el } from '../dom.js';
import { format_number, format_time } from '../format.js';
import { track_element } from './labels.js';

function row(label_key, value) {
  return [el('dt', { i18n: label_key }), value];
}

export function decision_summary(decision, id) {
  const reason = String(decision?.reason ?? '');
  return el('dl', { class: 'kreds-facts-list', id },
    ...row('decision_track', track_element('dd', decision?.track, { 'data-track': String(decision?.track ?? '') })),
    ...row('decision_suggested', track_element('dd', decision?.suggested_track)),
    ...row('decision_wish', track_element('dd', decision?.wish ?? null)),
    ...row('decision_score', el('dd', {}, format_number(decision?.score, 2))),
    ...row('decision_compared', el('dd', { i18n: decision?.overridden ? 'decision_overridden' : 'decision_follows' })),
    ...row('decision_reason', reason ? el('dd', { class: 'kreds-user-text' }, reason) : el('dd', { i18n: 'decision_no_reason' })),
    ...row('decision_by', el('dd', {}, String(decision?.decided_by?.display_name ?? ''))),
    ...row('decision_at', el('dd', {}, format_time(decision?.decided_at))));
}

export function history_table(history, id) {
  if (!history?.length) return el('p', { id, i18n: 'decisions_empty' });
  const head = ['decision_at', 'decision_track', 'decision_suggested', 'decision_wish', 'decision_reason', 'decision_by'];
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` },
    el('table', { class: 'table table--compact', id },
      el('caption', { id: `${id}-caption`, i18n: 'decisions_caption' }),
      el('thead', {}, el('tr', {}, ...head.map((key) => el('th', { scope: 'col', i18n: key })))),
      el('tbody', {}, ...history.map((decision) => el('tr', { 'data-decision': String(decision.id ?? '') },
        el('th', { scope: 'row' }, format_time(decision.decided_at)),
        track_element('td', decision.track),
        track_element('td', decision.suggested_track),
        track_element('td', decision.wish ?? null),
        decision.reason ? el('td', { class: 'kreds-user-text' }, String(decision.reason)) : el('td', { i18n: 'decision_no_reason' }),
        el('td', {}, String(decision.decided_by?.display_name ?? '')))))));
}
