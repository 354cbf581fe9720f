// An alert's words (docs/api.md, `alert`): its kind, the suggested action
// and its status as translation keys, and its facts as a definition list.
// A kind, action or fact the client does not know (a newer server) shows
// as the server names it rather than disappearing.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { format_date, format_number, format_time } from '../format.js';

const kinds = ['approaching_long_term', 'inactive', 'goals_missed', 'help_unanswered', 'message_reported', 'outcome_reported'];
const actions = ['contact', 'offer_sparring', 'move_to_individual', 'congratulate', 'moderate', 'answer_help'];
const statuses = ['open', 'acknowledged', 'snoozed', 'resolved'];

function known(list, value, prefix) {
  return list.includes(value) ? `${prefix}${value}` : null;
}

// el(tag) with the translated word for `value`, or the value itself.
function word(tag, list, value, prefix, attributes = {}) {
  const key = known(list, value, prefix);
  return key ? el(tag, { ...attributes, i18n: key }) : el(tag, attributes, String(value ?? ''));
}

export const kind_element = (tag, kind, attributes) => word(tag, kinds, kind, 'alert_kind_', attributes);
export const action_element = (tag, action, attributes) => word(tag, actions, action, 'alert_action_', attributes);
export const status_element = (tag, status, attributes) => word(tag, statuses, status, 'alert_status_', attributes);

export const status_badge_class = {
  open: 'badge badge-warning',
  acknowledged: 'badge badge-info',
  snoozed: 'badge badge-info',
  resolved: 'badge badge-success',
};

function fact_label(key) {
  const known_key = `fact_${key}`;
  return t(known_key) === known_key ? el('dt', {}, String(key).replaceAll('_', ' ')) : el('dt', { i18n: known_key });
}

const outcome_kinds = ['job', 'education', 'other'];

function fact_value(key, value) {
  if (key === 'kind' && outcome_kinds.includes(value)) return el('dd', { i18n: `fact_kind_${value}` });
  return el('dd', { class: 'kreds-user-text' }, fact_text(value));
}

function fact_text(value) {
  if (typeof value === 'number') return format_number(value, 2);
  if (typeof value === 'boolean') return t(value ? 'answer_yes' : 'answer_no');
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return format_date(value);
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return format_time(value);
    return value;
  }
  if (value === null || value === undefined) return '–';
  return JSON.stringify(value);
}

// The facts behind an alert; null when there are none.
export function facts_list(facts, id) {
  const entries = Object.entries(facts && typeof facts === 'object' ? facts : {});
  if (entries.length === 0) return null;
  return el('dl', { class: 'kreds-facts-list', id },
    ...entries.flatMap(([key, value]) => [fact_label(key), fact_value(key, value)]));
}
