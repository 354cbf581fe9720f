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
