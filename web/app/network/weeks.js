// ISO weeks as the server counts them (docs/protocol.md, Weekly goals): a
// week is named by the date of its Monday, YYYY-MM-DD, in UTC.

function ymd(date) {
  return date.toISOString().slice(0, 10);
}

function parse(week) {
  const [year, month, day] = String(week).split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

// The Monday of the week that holds `now` (a Date), as YYYY-MM-DD.
export function monday_of(now = new Date()) {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return ymd(date);
}

// The Monday `weeks` weeks after (or before, when negative) `week`.
export function add_weeks(week, weeks) {
  const date = parse(week);
  date.setUTCDate(date.getUTCDate() + 7 * weeks);
  return ymd(date);
}

// The ISO week number of the week that starts on Monday `week`.
export function week_number(week) {
  const thursday = parse(week);
  thursday.setUTCDate(thursday.getUTCDate() + 3);
  const first_thursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  first_thursday.setUTCDate(first_thursday.getUTCDate() + 3 - ((first_thursday.getUTCDay() + 6) % 7));
  return 1 + Math.round((thursday - first_thursday) / (7 * 24 * 3600 * 1000));
}
