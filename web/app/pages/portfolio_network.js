// One network the caseworker facilitates (portfolio_network.html?network=ID):
// after the purpose of the look-up (an audited read, one entry per member
// shown), its health figures, the members with their alerts (triage, move
// to another network or to individual effort) and the reported messages
// (hide with a reason). The chat itself — reading and posting
// announcements — lives on network.html?network=ID.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { health_list } from '../caseworker/health.js';
import { create_network_members } from '../caseworker/network_members.js';
import { create_purpose_form } from '../caseworker/purpose_form.js';
import { create_reported_messages } from '../caseworker/reported_messages.js';
import { create_announcer } from '../ui_kit.js';

const content = document.getElementById('followup-content');
const account = await start_role_page('caseworker', content, 'caseworkers_only');
if (account) {
  const network_id = Number(new URLSearchParams(location.search).get('network'));
  if (Number.isInteger(network_id) && network_id > 0) ask_purpose(network_id);
  else content.replaceChildren(el('p', {}, el('a', { href: '/portfolio.html', class: 'function-link', i18n: 'followup_choose' })));
}

function back_link() {
  return el('p', {}, el('a', { href: '/portfolio.html', class: 'function-link', i18n: 'followup_back' }));
}

function ask_purpose(network_id) {
  const purpose = create_purpose_form({
    id: 'followup-purpose',
    heading_key: 'followup_purpose_heading',
    heading_values: { id: network_id },
    hint_key: 'followup_purpose_hint',
    submit_key: 'followup_purpose_submit',
    on_purpose: async (text) => {
      const parameters = new URLSearchParams({ purpose: text, lang: current_language() });
      const [detail, networks] = await Promise.all([
        api('GET', `/api/v1/portfolio/networks/${encodeURIComponent(network_id)}?${parameters}`),
        api('GET', '/api/v1/networks').catch(() => null),
      ]);
      show_network(network_id, detail, networks?.networks ?? []);
    },
  });
  content.replaceChildren(back_link(), purpose.element);
  purpose.focus();
}

function show_network(network_id, detail, networks) {
  const announcer = create_announcer('followup-announcer');
  const announce = (key, values) => announcer.say(key, values);
  const heading = el('h2', { id: 'followup-network-heading', tabindex: '-1', i18n: 'followup_network_heading', i18n_values: { id: network_id } });
  content.replaceChildren(
    back_link(),
    announcer.element,
    el('section', { id: 'followup-network', 'aria-labelledby': 'followup-network-heading', 'data-network': String(network_id) },
      heading,
      el('p', {}, el('a', { href: `/network.html?network=${encodeURIComponent(network_id)}`, class: 'button button-secondary',
        id: 'followup-chat-link', i18n: 'followup_chat_link' })),
      el('p', { class: 'form-hint', i18n: 'followup_chat_hint' }),
      el('h3', { id: 'followup-health-heading', i18n: 'followup_health_heading' }),
      health_list(detail?.network ?? {})),
    create_network_members({ network_id, members: detail?.members ?? [], networks, announce }),
    create_reported_messages({ network_id, reports: detail?.reports ?? [], announce }));
  heading.focus();
}
