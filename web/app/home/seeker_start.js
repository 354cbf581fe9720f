// The seeker's start on the home page: "Dit netværk" (my_network.js), a
// link to the profile editor, a link to "Dit forløb" (track.html: the
// self-assessment and one's track) and "who has looked at my data" —
// GET /api/v1/me/access-log as a table of date, purpose and role (EU Court
// C-579/21).
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { on_language_change, t } from '../i18n.js';
import { format_time } from '../format.js';
import { create_my_network } from './my_network.js';

// on_message(fn): registers fn for the page's WebSocket messages.
export function create_seeker_start({ on_message = () => {} } = {}) {
  const show = el('button', { type: 'button', class: 'button button-secondary', id: 'access-log-show', i18n: 'access_log_show' });
  const output = el('div', { id: 'access-log', 'aria-live': 'polite' });
  let entries = null;
  const render = () => {
    if (entries === null) return;
    if (entries.length === 0) {
      output.replaceChildren(el('p', { i18n: 'access_log_empty' }));
      return;
    }
    output.replaceChildren(
      el('p', { class: 'sr-only', i18n: 'access_log_count', i18n_values: { count: entries.length } }),
      el('div', { class: 'table--responsive-scroll', tabindex: '0' }, el('table', { class: 'table table--compact', id: 'access-log-table' },
        el('caption', { i18n: 'access_log_caption' }),
        el('thead', {}, el('tr', {}, ...['access_log_at', 'access_log_purpose', 'access_log_role', 'access_log_action']
          .map((key) => el('th', { scope: 'col', i18n: key })))),
        el('tbody', {}, ...entries.map((entry) => el('tr', {},
          el('td', {}, format_time(entry.at)),
          el('td', {}, String(entry.purpose ?? '')),
          el('td', {}, t(`role_${entry.by_role}`)),
          el('td', {}, action_text(entry.action))))))));
  };
  show.addEventListener('click', async () => {
    show.disabled = true;
    output.replaceChildren(el('p', { i18n: 'loading' }));
    try {
      entries = (await api('GET', '/api/v1/me/access-log'))?.entries ?? [];
      render();
    } catch (error) {
      const { key, values } = describe_error(error);
      output.replaceChildren(el('div', { class: 'alert alert-error' }, el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text', i18n: key, i18n_values: values }))));
    } finally {
      show.disabled = false;
    }
  });
  on_language_change(render);
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
    el('section', { class: 'mt-7', 'aria-labelledby': 'access-log-heading' },
      el('h2', { id: 'access-log-heading', i18n: 'access_log_heading' }),
      el('p', { i18n: 'access_log_intro' }), show, output));
}

// An audit action ("profile.read") in words when the client knows it.
function action_text(action) {
  const key = `action_${String(action ?? '').replace(/[^a-z_]/g, '_')}`;
  const text = t(key);
  return text === key ? String(action ?? '') : text;
}
