// "Dit netværk" on the seeker's start: the network the seeker is in
// (GET /api/v1/my-network) — its members and why the seeker was placed there
// — or a note that none has been formed yet. Shown again when the server
// announces network.joined on the WebSocket, and in the other language when
// the reader switches (the why text comes from the server in both).
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change } from '../i18n.js';
import { format_time } from '../format.js';
import { language_name } from '../profile_fields.js';

export function create_my_network() {
  const body = el('div', { id: 'my-network-body' }, el('p', { i18n: 'loading' }));
  const news = el('div', { id: 'my-network-news', role: 'status', 'aria-live': 'polite' });
  const element = el('section', { class: 'mt-7', id: 'my-network', 'aria-labelledby': 'my-network-heading' },
    el('h2', { id: 'my-network-heading', tabindex: '-1', i18n: 'my_network_heading' }), news, body);

  function render(network) {
    if (!network) {
      body.replaceChildren(el('p', { id: 'my-network-none', i18n: 'my_network_none' }));
      return;
    }
    const members = network.members ?? [];
    body.replaceChildren(
      el('p', {}, el('span', { i18n: 'my_network_since', i18n_values: { date: format_time(network.created_at, false) } }),
        network.working_language ? el('span', { i18n: 'my_network_language', i18n_values: { language: language_name(network.working_language) } }) : null),
      el('h3', { id: 'my-network-why-heading', i18n: 'my_network_why_heading' }),
      el('p', { id: 'my-network-why', class: 'kreds-introduction' }, String(network.why ?? '')),
      el('h3', { id: 'my-network-members-heading', i18n: 'my_network_members_heading', i18n_values: { count: members.length } }),
      el('ul', { id: 'my-network-members', 'aria-labelledby': 'my-network-members-heading' }, ...members.map((member) => el('li', {},
        String(member.display_name ?? ''), member.you ? el('span', { i18n: 'my_network_you' }) : null))),
      el('p', {}, el('a', { class: 'button button-primary', href: '/network.html', id: 'my-network-link', i18n: 'network_link' })));
  }

  async function load() {
    try {
      const answer = await api('GET', `/api/v1/my-network?lang=${current_language()}`);
      render(answer?.network ?? null);
      return true;
    } catch {
      body.replaceChildren(el('p', { i18n: 'my_network_unavailable' }));
      return false;
    }
  }

  on_language_change(load);
  load();
  return {
    element,
    // A WebSocket message: network.joined means the seeker is now in a network.
    async on_message(message) {
      if (message?.type !== 'network.joined') return;
      if (await load()) news.replaceChildren(el('p', { class: 'alert-text', i18n: 'my_network_joined_news' }));
    },
  };
}
