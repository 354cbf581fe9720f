// The start of a page meant for one role: start_page() (header, language,
// who is logged in), then for a visitor a "Log ind" link and for another
// role a short note in `content`. Resolves to the account when it has the
// role, else null.
import { el } from './dom.js';
import { start_page } from './page_shell.js';

export async function start_role_page(role, content, other_role_key) {
  const account = await start_page();
  if (!account) {
    content.replaceChildren(el('p', {}, el('a', { class: 'button button-primary', href: '/login.html', i18n: 'log_in' })));
    return null;
  }
  if (account.role !== role) {
    content.replaceChildren(el('div', { class: 'alert alert-info' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-text', i18n: other_role_key }))));
    return null;
  }
  return account;
}
