// The admin's start on the home page: invite a caseworker.
import { el } from '../dom.js';
import { create_invite_form } from './invite_form.js';

export function create_admin_start() {
  return el('div', {}, el('p', { i18n: 'admin_start_text' }),
    create_invite_form({ role: 'caseworker', heading_key: 'invite_caseworker_heading' }));
}
