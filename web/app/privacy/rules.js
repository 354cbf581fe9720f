// "Det har Kreds om dig, og det sker ved sletning": GET /api/v1/privacy/rules
// as a table — each kind of data as the server describes it (`purpose`),
// with how long it is kept when the rule says so (`retention_days`: a number
// of days, or null for as long as the person takes part), what erasure does
// and why what is kept is kept. The server writes its texts in the page's
// language, so the table loads again on a language change.
// Server text goes in as text.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change, t } from '../i18n.js';
import { format_number } from '../format.js';
import { error_box } from '../ui_kit.js';

export function create_rules() {
  const output = el('div', { id: 'rules' }, el('p', { i18n: 'loading' }));

  const load = async () => {
    try {
      const answer = await api('GET', `/api/v1/privacy/rules?lang=${current_language()}`);
      const rules = Array.isArray(answer?.rules) ? answer.rules : [];
      output.replaceChildren(rules_table(rules));
    } catch (error) {
      output.replaceChildren(error_box(error, 'rules-error'));
    }
  };

  on_language_change(load);
  load();
  const element = el('section', { id: 'rules-section', class: 'mt-7', 'aria-labelledby': 'rules-heading' },
    el('h2', { id: 'rules-heading', i18n: 'rules_heading' }),
    el('p', { i18n: 'rules_intro' }), output);
  return { element };
}

function rules_table(rules) {
  if (rules.length === 0) return el('p', { id: 'rules-empty', i18n: 'rules_empty' });
  return scroll_box('rules-caption', el('table', { class: 'table table--compact', id: 'rules-table' },
    el('caption', { id: 'rules-caption', i18n: 'rules_caption' }),
    el('thead', {}, el('tr', {}, ...['rules_data', 'rules_on_erasure', 'rules_kept_because']
      .map((key) => el('th', { scope: 'col', i18n: key })))),
    el('tbody', {}, ...rules.map((rule) => el('tr', { 'data-table': String(rule.table ?? ''), 'data-on-erasure': String(rule.on_erasure ?? '') },
      el('th', { scope: 'row' }, String(rule.purpose || rule.table || ''), retention_line(rule)),
      el('td', {}, known_or(`on_erasure_${rule.on_erasure}`, rule.on_erasure)),
      el('td', {}, kept_text(rule)))))));
}

// "Slettes efter 730 dage" under the kind of data, when the rule has a period.
function retention_line(rule) {
  if (!rule || !('retention_days' in rule)) return null;
  const days = rule.retention_days;
  let line;
  if (days === null) line = el('span', { i18n: 'rules_kept_while_taking_part' });
  else if (typeof days === 'number' && Number.isFinite(days)) {
    line = days === 1 ? el('span', { i18n: 'rules_deleted_after_one_day' })
      : el('span', { i18n: 'rules_deleted_after_days', i18n_values: { days: format_number(days, 0) } });
  } else return null;
  line.className = 'kreds-rule-retention';
  line.dataset.retentionDays = days === null ? '' : String(days);
  return line;
}

function kept_text(rule) {
  if (typeof rule.kept_because === 'string' && rule.kept_because) return rule.kept_because;
  return rule.on_erasure === 'deleted' ? t('rules_not_kept') : t('rules_no_reason');
}

// A table in a keyboard-scrollable box named by its caption (narrow screens).
function scroll_box(caption_id, table) {
  return el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': caption_id }, table);
}

// The translation of `key` when the client has one, else `fallback` as given.
function known_or(key, fallback) {
  const text = t(key);
  return text === key ? String(fallback ?? '') : text;
}
