// Every user-facing string of the client, in Danish (first) and English.
// Elements name their string with data-i18n (text) or data-i18n-aria-label;
// apply() fills them in with textContent, never as HTML.

const strings = {
  da: {
    skip_to_content: 'Gå til sidens indhold',
    home: 'Kreds – forsiden',
    solution_title: 'Jobnetværk',
    authority: 'Din kommune',
    welcome_heading: 'Velkommen til Kreds',
    welcome_lead:
      'Kreds samler jobsøgende i små netværk, hvor I hjælper hinanden videre med job, mål og kontakter – med en jobrådgiver ved jeres side.',
    connection_connecting: 'Forbinder til Kreds …',
    connection_online: 'Forbundet til Kreds.',
    connection_offline: 'Ingen forbindelse. Prøver igen om {seconds} sekunder …',
    esco_attribution: 'Denne tjeneste bruger Europa-Kommissionens ESCO-klassifikation.',
    language_other: 'English',
    language_other_code: 'en',
    title: 'Kreds – jobnetværk',
  },
  en: {
    skip_to_content: 'Skip to content',
    home: 'Kreds – home',
    solution_title: 'Job networks',
    authority: 'Your municipality',
    welcome_heading: 'Welcome to Kreds',
    welcome_lead:
      'Kreds brings job seekers together in small networks where you help each other on with jobs, goals and contacts – with a caseworker at your side.',
    connection_connecting: 'Connecting to Kreds …',
    connection_online: 'Connected to Kreds.',
    connection_offline: 'No connection. Trying again in {seconds} seconds …',
    esco_attribution: 'This service uses the ESCO classification of the European Commission.',
    language_other: 'Dansk',
    language_other_code: 'da',
    title: 'Kreds – job networks',
  },
};

const stored = () => {
  try {
    return localStorage.getItem('kreds.language');
  } catch {
    return null;
  }
};

let language = strings[stored()] ? stored() : 'da';

export function current_language() {
  return language;
}

export function t(key, values = {}) {
  const text = strings[language][key] ?? strings.da[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
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
}

export function apply(root) {
  document.documentElement.lang = language;
  document.title = t('title');
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  }
}
