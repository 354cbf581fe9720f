// The client's shared UI kit, used across pages: the error alert for a failed
// API call, a polite announcer for the result of an action (screen readers
// hear it; the focus stays where the action put it), a button with a hidden
// name, and text helpers: weekly slots in words ("tirsdag formiddag") and
// numbers in the reader's language.
import { describe_error } from './api.js';
import { el } from './dom.js';
import { current_locale, t, translate } from './i18n.js';

// "tue_morning" → "tirsdag formiddag" / "Tuesday morning"; an unknown slot as given.
export function slot_text(slot) {
  const found = /^(mon|tue|wed|thu|fri|sat|sun)_(morning|afternoon|evening)$/.exec(String(slot ?? ''));
  if (!found) return String(slot ?? '');
  return t('slot_phrase', { day: t(`slot_day_${found[1]}`), part: t(`slot_part_${found[2]}`) });
}

export function slots_text(slots) {
  const list = (slots ?? []).map(slot_text);
  if (list.length === 0) return t('slots_none');
  try {
    return new Intl.ListFormat(current_locale(), { style: 'long', type: 'conjunction' }).format(list);
  } catch {
    return list.join(', ');
  }
}

export function number_text(value, digits = 1) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(current_locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

// An alert-error box describing an api_error (or a translation key).
export function error_box(error_or_key, id = null) {
  const { key, values } = typeof error_or_key === 'string' ? { key: error_or_key } : describe_error(error_or_key);
  return el('div', { class: 'alert alert-error', role: 'alert', id },
    el('div', { class: 'alert-body' }, el('p', { class: 'alert-text', i18n: key, i18n_values: values })));
}

// A visually hidden polite live region; say(key, values) announces a result.
export function create_announcer(id) {
  const region = el('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', id });
  return {
    element: region,
    say(key, values = null) {
      // Cleared first so that the same sentence twice is announced twice.
      region.textContent = '';
      setTimeout(() => translate(region, key, values), 50);
    },
  };
}

// A button whose accessible name is its visible text plus a hidden name:
// "Flyt" + " Anne Hansen" is read as "Flyt Anne Hansen".
export function named_button(key, name, attributes = {}) {
  return el('button', { type: 'button', class: 'button button-secondary', ...attributes },
    el('span', { i18n: key }), el('span', { class: 'sr-only' }, ` ${name}`));
}
