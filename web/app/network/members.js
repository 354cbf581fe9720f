// The network's members and, for a seeker, "Hvorfor du er her" (the why text
// the caseworker confirmed). A seeker's come from GET /api/v1/my-network; a
// caseworker's from the network's history (joined minus left), which has no
// why text. Each member shows presence (online / away / offline), and is
// marked as the reader's buddy or as an alumnus (mentor) where that is so;
// the network's caseworker is shown apart. Names are user content and go in
// as text.
import { el } from '../dom.js';
import { name_of, same_person } from './people.js';

const state_keys = { online: 'presence_online', away: 'presence_away', offline: 'presence_offline' };

// network: {members: [{display_name, you, account_id?, alumnus?}], why};
// presence and buddy: the page's stores (or null).
export function create_members_panel({ network, presence = null, buddy = null }) {
  let current = network;
  const element = el('div', { id: 'network-about' });

  function member_item(member) {
    const state = presence?.state_of(member) ?? null;
    return el('li', { class: 'kreds-member', 'data-account': member.account_id ?? null },
      state ? el('span', { class: `kreds-presence kreds-presence-${state}`, 'aria-hidden': 'true' }) : null,
      el('span', { class: 'kreds-member-name' }, name_of(member)),
      member.you ? el('span', { i18n: 'network_you' }) : null,
      state ? el('span', { class: 'kreds-member-state', i18n: state_keys[state] ?? 'presence_offline' }) : null,
      buddy?.is_buddy(member) ? el('span', { class: 'badge badge-info kreds-member-tag', i18n: 'members_buddy' }) : null,
      member.alumnus ? el('span', { class: 'badge badge-success kreds-member-tag', i18n: 'members_alumnus' }) : null);
  }

  function render() {
    const members = current.members ?? [];
    const children = [];
    if (current.why) {
      children.push(el('h2', { id: 'network-why-heading', i18n: 'network_why_heading' }),
        el('p', { id: 'network-why', class: 'kreds-introduction' }, String(current.why)));
    }
    children.push(
      el('h2', { id: 'network-members-heading', i18n: 'network_members_heading', i18n_values: { count: members.length } }),
      el('ul', { id: 'network-members', class: 'nobullet-list kreds-members', 'aria-labelledby': 'network-members-heading' },
        ...members.map(member_item)));
    // Whoever presence knows who is no member: the network's caseworker.
    const others = (presence?.people() ?? []).filter((person) => !members.some((member) => same_person(member, person)));
    if (others.length) {
      children.push(el('h3', { id: 'network-caseworker-heading', i18n: 'members_caseworker_heading' }),
        el('ul', { id: 'network-caseworker', class: 'nobullet-list kreds-members', 'aria-labelledby': 'network-caseworker-heading' },
          ...others.map(member_item)));
    }
    element.replaceChildren(...children);
  }

  presence?.on_change(render);
  buddy?.on_change(render);
  render();
  return {
    element,
    update(next) {
      current = next;
      render();
    },
    members: () => current.members ?? [],
  };
}

// The current members from a network's history events (oldest first).
export function members_from_history(events) {
  const current = new Map();
  for (const event of events ?? []) {
    if (event.change === 'joined') current.set(event.seeker_id, { account_id: event.seeker_id, display_name: event.display_name, you: false });
    else if (event.change === 'left') current.delete(event.seeker_id);
  }
  return [...current.values()].sort((a, b) => String(a.display_name).localeCompare(String(b.display_name)));
}
