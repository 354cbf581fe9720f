// "Siden dit sidste besøg" at the top of the network page
// (docs/protocol.md, network.digest): what happened since the reader's
// previous visit — new messages and leads, meetings, who got a job, who
// joined and left. Asked once per page load (asking records the visit), at
// the first connect where the server supports it. Names are user content.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_local_time, format_time } from '../format.js';
import { name_of } from './people.js';

const outcome_keys = { job: 'digest_outcome_job', education: 'digest_outcome_education', other: 'digest_outcome_other' };

const count_of = (value) => (Array.isArray(value) ? value.length : Number.isInteger(value) ? value : 0);

export function create_digest({ socket, network_id }) {
  const element = el('section', { id: 'network-digest', 'aria-labelledby': 'network-digest-heading', hidden: true });
  let digest = null;
  let asked = false;

  function render() {
    if (!digest) {
      element.hidden = true;
      return;
    }
    const items = [];
    const add = (key, count) => {
      if (count > 0) items.push(el('li', { i18n: key, i18n_values: { count } }));
    };
    add(count_of(digest.messages) === 1 ? 'digest_message' : 'digest_messages', count_of(digest.messages));
    add(count_of(digest.leads) === 1 ? 'digest_lead' : 'digest_leads', count_of(digest.leads));
    for (const meeting of Array.isArray(digest.meetings) ? digest.meetings : []) {
      items.push(el('li', { i18n: 'digest_meeting', i18n_values: { title: String(meeting?.title ?? ''), when: format_local_time(meeting?.starts_at) } }));
    }
    for (const outcome of Array.isArray(digest.outcomes) ? digest.outcomes : []) {
      items.push(el('li', { i18n: outcome_keys[outcome?.kind] ?? 'digest_outcome_other', i18n_values: { name: name_of(outcome) } }));
    }
    add(count_of(digest.joined) === 1 ? 'digest_joined_one' : 'digest_joined', count_of(digest.joined));
    add(count_of(digest.left) === 1 ? 'digest_left_one' : 'digest_left', count_of(digest.left));
    const heading = digest.since
      ? el('h2', { class: 'alert-heading h3', id: 'network-digest-heading', i18n: 'digest_heading', i18n_values: { since: format_time(digest.since) } })
      : el('h2', { class: 'alert-heading h3', id: 'network-digest-heading', i18n: 'digest_heading_first' });
    element.replaceChildren(el('div', { class: 'alert alert-info mt-5' }, el('div', { class: 'alert-body' }, heading,
      items.length ? el('ul', { class: 'alert-text', id: 'network-digest-list' }, ...items)
        : el('p', { class: 'alert-text', id: 'network-digest-nothing', i18n: 'digest_nothing' }))));
    element.hidden = false;
  }

  socket.on_state(async (state) => {
    if (state.state !== 'online' || asked) return;
    try {
      const reply = await socket.request('network.digest', { network_id });
      asked = true;
      digest = reply.payload ?? null;
      render();
    } catch (error) {
      // `unsupported` (not there yet) or a lost connection: ask at the next connect.
      if (error?.code !== 'unsupported' && error?.code !== 'offline' && error?.code !== 'timeout') asked = true;
    }
  });
  on_language_change(render);
  return { element };
}
