// The needs score as a table: each factor in words (the server's text, in
// the language asked for) with its points, and the total. The same table
// serves the caseworker's triage and the seeker's own track: the score
// explains itself to both.
import { el } from '../dom.js';
import { format_number } from '../format.js';

export function score_table({ id, factors, score, caption_key = 'score_caption' }) {
  const rows = (factors ?? []).map((factor) => el('tr', { 'data-factor': String(factor.factor ?? '') },
    el('th', { scope: 'row' }, String(factor.text ?? factor.factor ?? '')),
    el('td', { class: 'align-text-right' }, format_number(factor.points, 2))));
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` },
    el('table', { class: 'table table--compact', id },
      el('caption', { id: `${id}-caption`, i18n: caption_key }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', i18n: 'score_factor' }),
        el('th', { scope: 'col', class: 'align-text-right', i18n: 'score_points' }))),
      el('tbody', {}, ...rows),
      el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', i18n: 'score_total' }),
        el('td', { class: 'align-text-right', id: `${id}-total` }, format_number(score, 2))))));
}
