// The admin's start on the home page: links to the pilot's results
// (dashboard.html) and settings (pilot_settings.html), and invite a caseworker.
import { el } from '../dom.js';
import { create_invite_form } from './invite_form.js';

export function create_admin_start() {
  const pilot = el('section', { class: 'mb-7', 'aria-labelledby': 'pilot-links-heading' },
    el('h2', { id: 'pilot-links-heading', i18n: 'admin_pilot_heading' }),
    el('p', { i18n: 'admin_pilot_text' }),
    el('ul', { class: 'nobullet-list kreds-link-list' },
      el('li', {}, el('a', { href: '/dashboard.html', class: 'function-link', id: 'dashboard-link', i18n: 'admin_dashboard_link' })),
      el('li', {}, el('a', { href: '/pilot_settings.html', class: 'function-link', id: 'pilot-settings-link', i18n: 'admin_settings_link' }))));
  return el('div', {}, pilot, el('p', { i18n: 'admin_start_text' }),
    create_invite_form({ role: 'caseworker', heading_key: 'invite_caseworker_heading' }));
}
