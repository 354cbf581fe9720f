// Dates and times from the API (UTC ISO 8601) shown in the reader's language
// and in Danish time.
import { current_locale } from './i18n.js';

export function format_time(iso, with_time = true) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  const options = with_time
    ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }
    : { dateStyle: 'long', timeZone: 'Europe/Copenhagen' };
  return new Intl.DateTimeFormat(current_locale(), options).format(date);
}

// A calendar date (YYYY-MM-DD, no time zone) in the reader's language.
export function format_date(ymd) {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd ?? ''));
  if (!found) return String(ymd ?? '');
  const date = new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3])));
  return new Intl.DateTimeFormat(current_locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

// A moment in the browser's own time zone (the one a datetime-local input
// uses), e.g. a meeting's start; `options` as for Intl.DateTimeFormat.
export function format_local_time(iso, options = { dateStyle: 'full', timeStyle: 'short' }) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  return new Intl.DateTimeFormat(current_locale(), options).format(date);
}

// A number in the reader's language ("1,5" in Danish); '–' for none.
export function format_number(value, digits = 1) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(current_locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

// A share (0–1) as a percentage in the reader's language; '–' for none.
export function format_percent(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(current_locale(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
