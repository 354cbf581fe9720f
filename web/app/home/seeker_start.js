// The seeker's start on the home page: "Dit netværk" (my_network.js), a
// link to the profile editor, a link to "Dit forløb" (track.html: the
// self-assessment and one's track), "who has looked at my data" (the access
// log that privacy.html shows too) and a link to "Dine data" (privacy.html:
// download, what Kreds holds, withdraw consent).
import { el } from '../dom.js';
import { create_access_log } from '../privacy/access_log.js';
import { create_my_network } from './my_network.js';

// on_message(fn): registers fn for the page's WebSocket messages.
export function create_seeker_start({ on_message = () => {} } = {}) {
  const my_network = create_my_network();
  // network.joined updates "Dit netværk" live.
  on_message((message) => my_network.on_message(message));
  return el('div', {},
    my_network.element,
    el('section', { class: 'mt-7', 'aria-labelledby': 'seeker-start-heading' },
      el('h2', { id: 'seeker-start-heading', i18n: 'seeker_start_heading' }),
      el('p', { i18n: 'seeker_start_text' }),
      el('p', {}, el('a', { class: 'button button-primary', href: '/profile.html', id: 'profile-link', i18n: 'seeker_edit_profile' }))),
    el('section', { class: 'mt-7', 'aria-labelledby': 'seeker-track-heading' },
      el('h2', { id: 'seeker-track-heading', i18n: 'seeker_track_link_heading' }),
      el('p', { i18n: 'seeker_track_link_text' }),
      el('p', {}, el('a', { class: 'button button-secondary', href: '/track.html', id: 'track-link', i18n: 'seeker_track_link' }))),
    create_access_log().element,
    el('section', { class: 'mt-7', 'aria-labelledby': 'privacy-link-heading' },
      el('h2', { id: 'privacy-link-heading', i18n: 'privacy_link_heading' }),
      el('p', { i18n: 'privacy_link_text' }),
      el('p', {}, el('a', { class: 'button button-secondary', href: '/privacy.html', id: 'privacy-link', i18n: 'privacy_link' }))));
}
