// The reader's buddy (makker) in the network (docs/protocol.md, Buddies):
// buddy.current on every (re)connect. Shows "Din makker" with the period,
// and tells the members list and the goals whom to mark as buddy. For the
// caseworker (who has no buddy) it lists the network's buddy groups.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_time } from '../format.js';
import { create_section_status } from './fields.js';
import { name_of, same_person } from './people.js';

export function create_buddy({ socket, network_id, account }) {
  const listeners = [];
  let pairing = null;
  const status = create_section_status('buddy-status');
  const body = el('div', { id: 'buddy-body' });
  const element = el('section', { id: 'buddy', class: 'mt-6', 'aria-labelledby': 'buddy-heading' },
    el('h3', { id: 'buddy-heading', i18n: account.role === 'seeker' ? 'buddy_heading' : 'buddy_heading_groups' }), status.element, body);

  function render() {
    if (!pairing) {
      body.replaceChildren();
      return;
    }
    const period = { from: format_time(pairing.period_start, false), to: format_time(pairing.period_end, false) };
    const buddies = Array.isArray(pairing.buddies) ? pairing.buddies : [];
    const groups = Array.isArray(pairing.groups) ? pairing.groups : [];
    const children = [];
    if (buddies.length) {
      children.push(el('p', { id: 'buddy-names' },
        el('span', { i18n: buddies.length === 1 ? 'buddy_one' : 'buddy_many' }), ' ',
        el('strong', {}, buddies.map(name_of).join(', '))),
      el('p', { class: 'form-hint', i18n: 'buddy_period', i18n_values: period }),
      el('p', { i18n: 'buddy_explained' }));
    } else if (groups.length) {
      children.push(el('p', { i18n: 'buddy_groups', i18n_values: period }),
        el('ul', { id: 'buddy-groups' }, ...groups.map((group) => el('li', {}, (group ?? []).map(name_of).join(' + ')))));
    } else {
      children.push(el('p', { i18n: 'buddy_none' }));
    }
    body.replaceChildren(...children);
  }

  async function load() {
    try {
      const reply = await socket.request('buddy.current', { network_id });
      pairing = reply.payload ?? null;
      status.clear();
    } catch (error) {
      pairing = null;
      status.failed(error);
    }
    render();
    for (const listener of listeners) listener();
  }

  socket.on_state((state) => {
    if (state.state === 'online') load();
  });
  on_language_change(render);

  return {
    element,
    is_buddy: (person) => (pairing?.buddies ?? []).some((buddy) => same_person(buddy, person)),
    on_change: (listener) => listeners.push(listener),
  };
}
