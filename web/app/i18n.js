// Every user-facing string of the client, in Danish (first) and English; the
// tables live in app/strings/ per area. Elements name their string with
// data-i18n (text, with optional JSON data-i18n-values) or
// data-i18n-aria-label; apply() fills them in with textContent, never as HTML.
import accounts from './strings/accounts.js';
import caseworker from './strings/caseworker.js';
import common from './strings/common.js';
import dashboard from './strings/dashboard.js';
import matching from './strings/matching.js';
import network from './strings/network.js';
import network_people from './strings/network_people.js';
import network_work from './strings/network_work.js';
import pilot_settings from './strings/pilot_settings.js';
import privacy from './strings/privacy.js';
import profile from './strings/profile.js';
import track from './strings/track.js';

// Merges the named tables ({name: {da, en}}) into one table per language.
// A key may belong to one table only: a key that two tables define throws an
// Error naming the key and both tables, so a page fails at load instead of
// one text silently replacing the other.
function merge_tables(tables) {
  const merged = { da: {}, en: {} };
  const owner_of = new Map();
  for (const [name, table] of Object.entries(tables)) {
    for (const key of new Set([...Object.keys(table.da ?? {}), ...Object.keys(table.en ?? {})])) {
      const owner = owner_of.get(key);
      if (owner !== undefined) throw new Error(`string key "${key}" is defined in both strings/${owner}.js and strings/${name}.js`);
      owner_of.set(key, name);
    }
    Object.assign(merged.da, table.da);
    Object.assign(merged.en, table.en);
  }
  return merged;
}

const strings = merge_tables({
  common, accounts, profile, matching, network, network_work, network_people, track, caseworker, privacy, dashboard, pilot_settings,
});

const stored = () => {
  try {
    return localStorage.getItem('kreds.language');
  } catch {
    return null;
  }
};

let language = strings[stored()] ? stored() : 'da';
const listeners = [];

export function current_language() {
  return language;
}

// The BCP 47 locale for dates and numbers in the current language.
export function current_locale() {
  return language === 'da' ? 'da-DK' : 'en-GB';
}

export function t(key, values = {}) {
  const text = strings[language][key] ?? strings.da[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// Marks an element as showing string `key` (re-translated by apply()).
export function translate(element, key, values = null) {
  element.dataset.i18n = key;
  if (values) element.dataset.i18nValues = JSON.stringify(values);
  else delete element.dataset.i18nValues;
  element.textContent = t(key, values ?? {});
  return element;
}

// Calls `listener(language)` after every language change (for content that
// is not a plain string, e.g. text the server sends in both languages).
export function on_language_change(listener) {
  listeners.push(listener);
}

export function set_language(next) {
  if (!strings[next]) return;
  language = next;
  try {
    localStorage.setItem('kreds.language', next);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
  apply(document);
  for (const listener of listeners) listener(language);
}

function values_of(element) {
  if (!element.dataset.i18nValues) return {};
  try {
    return JSON.parse(element.dataset.i18nValues);
  } catch {
    return {};
  }
}

export function apply(root) {
  document.documentElement.lang = language;
  document.title = t(document.body?.dataset.i18nTitle ?? 'title');
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n, values_of(element));
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel, values_of(element)));
  }
}
