// What every page does first: render the shared header and footer
// (page_frame.js), translate the page, wire the language toggle,
// ask the server who is logged in (GET /api/v1/me) and show that in the
// header with a "Log ud" button. Resolves to the account, or null for a
// visitor (or when the server cannot say).
import { api } from './api.js';
import { render_frame } from './page_frame.js';
import { apply, current_language, on_language_change, set_language, t } from './i18n.js';

function show_language_toggle() {
  const toggle = document.getElementById('language-toggle');
  toggle.textContent = t('language_other');
  toggle.lang = t('language_other_code');
}

async function log_out() {
  try {
    await api('DELETE', '/api/v1/session');
  } catch {
    // Already logged out (401) or unreachable: leaving the page is still right.
  }
  location.assign('/');
}

function show_account(account) {
  const name = document.getElementById('account-name');
  name.textContent = account.display_name ?? '';
  name.hidden = false;
  const authority = document.querySelector('.authority-name');
  if (authority && account.municipality?.name) {
    delete authority.dataset.i18n;
    authority.textContent = account.municipality.name;
  }
  const button = document.getElementById('logout-button');
  button.hidden = false;
  button.addEventListener('click', log_out);
}

export async function start_page() {
  render_frame(document);
  apply(document);
  show_language_toggle();
  document.getElementById('language-toggle').addEventListener('click', () => {
    set_language(current_language() === 'da' ? 'en' : 'da');
  });
  on_language_change(show_language_toggle);
  let account = null;
  try {
    account = (await api('GET', '/api/v1/me'))?.account ?? null;
  } catch {
    account = null;
  }
  if (account) show_account(account);
  return account;
}
