// The network's members and, for a seeker, "Hvorfor du er her" (the why text
// the caseworker confirmed). A seeker's come from GET /api/v1/my-network; a
// caseworker's from the network's history (joined minus left), which has no
// why text. Names are user content and go in as text.
import { el } from '../dom.js';

// members: [{display_name, you}]; why: text or null.
export function create_members_panel({ members, why }) {
  const children = [];
  if (why) {
    children.push(el('h2', { id: 'network-why-heading', i18n: 'network_why_heading' }),
      el('p', { id: 'network-why', class: 'kreds-introduction' }, String(why)));
  }
  children.push(
    el('h2', { id: 'network-members-heading', i18n: 'network_members_heading', i18n_values: { count: members.length } }),
    el('ul', { id: 'network-members', 'aria-labelledby': 'network-members-heading' }, ...members.map((member) => el('li', {},
      String(member.display_name ?? ''), member.you ? el('span', { i18n: 'network_you' }) : null))));
  return el('div', { id: 'network-about' }, ...children);
}

// The current members from a network's history events (oldest first).
export function members_from_history(events) {
  const current = new Map();
  for (const event of events ?? []) {
    if (event.change === 'joined') current.set(event.seeker_id, { display_name: event.display_name, you: false });
    else if (event.change === 'left') current.delete(event.seeker_id);
  }
  return [...current.values()].sort((a, b) => String(a.display_name).localeCompare(String(b.display_name)));
}
