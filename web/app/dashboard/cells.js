// The dashboard's values in words: a table cell by its column's kind (a
// share as a percentage, counts whole, Danish decimal comma), the two
// markers of small cells ("<5" a suppressed count of 1–4, ".." hidden so a
// suppressed count cannot be worked out) and "–" for no value; the
// server's {da, en} labels in the reader's language; months and the
// tracks and target groups the filters offer.
import { current_language, current_locale, t } from '../i18n.js';
import { format_number, format_percent } from '../format.js';
import { target_groups } from '../profile_fields.js';

export { target_groups };

export const tracks = ['network', 'network_sparring', 'individual'];
export const markers = ['<5', '..'];

const digits_of = { count: 0, days: 0, minutes: 1, hours: 1, weeks: 1, number: 1 };

export function is_number(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

// A cell as text: its kind decides the format; markers as sent; "–" for none.
export function cell_text(value, kind) {
  if (markers.includes(value)) return value;
  if (!is_number(value)) return value === null || value === undefined ? '–' : String(value);
  if (kind === 'share') return format_percent(value);
  return format_number(value, digits_of[kind] ?? 1);
}

// A share (0–1) as a percentage, for chart axes and summaries.
export const percent_text = (value) => format_percent(value);

// A {da, en} label from the server in the reader's language, else `fallback`.
export function label_text(label, fallback = '') {
  if (typeof label === 'string') return label;
  const text = label?.[current_language()] ?? label?.da ?? label?.en;
  return typeof text === 'string' && text ? text : String(fallback ?? '');
}

// A track in words ("Netværk"), or the key as sent.
export function track_text(track) {
  return tracks.includes(track) ? t(`track_${track}`) : String(track ?? '');
}

// A target group in words ("Forsikrede ledige"), or the key as sent.
export function target_group_text(group) {
  return target_groups.includes(group) ? t(`target_${group}`) : String(group ?? '');
}

// "2026-06" → "jun. 26" (short, for chart axes) or "juni 2026" (long).
export function month_text(month, long = false) {
  const found = /^(\d{4})-(\d{2})$/.exec(String(month ?? ''));
  if (!found) return String(month ?? '');
  const date = new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, 1));
  const options = long ? { month: 'long', year: 'numeric' } : { month: 'short', year: '2-digit' };
  return new Intl.DateTimeFormat(current_locale(), { ...options, timeZone: 'UTC' }).format(date);
}
