// The network page: for a seeker their network (GET /api/v1/my-network),
// for the facilitating caseworker the network named by ?network=ID — its
// members, why the seeker is there, and the network's live chat over the
// page's one WebSocket, whose state shows in a live region.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change, translate } from '../i18n.js';
import { start_page } from '../page_shell.js';
import { create_chat } from '../network/chat.js';
import { create_members_panel, members_from_history } from '../network/members.js';
import { create_socket } from '../network/socket.js';

const content = document.getElementById('network-content');
const about = el('div', { id: 'network-about-box' });

function note(key, kind = 'info') {
  return el('div', { class: `alert alert-${kind}` }, el('div', { class: 'alert-body' }, el('p', { class: 'alert-text', i18n: key })));
}

function show_connection(state) {
  const box = document.getElementById('connection-status');
  const text = document.getElementById('connection-text');
  const queued = document.getElementById('connection-queued');
  box.hidden = false;
  box.classList.remove('alert-info', 'alert-success', 'alert-warning');
  box.dataset.state = state.state;
  if (state.state === 'online') {
    box.classList.add('alert-success');
    translate(text, 'chat_connection_online');
  } else if (state.state === 'offline') {
    box.classList.add('alert-warning');
    translate(text, 'chat_connection_offline');
  } else {
    box.classList.add('alert-info');
    translate(text, 'chat_connection_connecting');
  }
  queued.hidden = state.state !== 'offline';
}

// Resolves to {id, members, why} or null (a seeker without a network).
async function load_network(account) {
  if (account.role === 'seeker') {
    const network = (await api('GET', `/api/v1/my-network?lang=${current_language()}`))?.network ?? null;
    if (!network) return null;
    return { id: network.id, members: network.members ?? [], why: network.why ?? '' };
  }
  const id = Number(new URLSearchParams(location.search).get('network'));
  if (!Number.isInteger(id) || id < 1) return null;
  const history = await api('GET', `/api/v1/networks/${id}/history`);
  return { id, members: members_from_history(history?.events), why: null };
}

const account = await start_page();
if (!account) {
  content.replaceChildren(el('p', {}, el('a', { class: 'button button-primary', href: '/login.html', i18n: 'log_in' })));
} else {
  let network = null;
  try {
    network = await load_network(account);
  } catch {
    content.replaceChildren(note('network_unavailable', 'error'));
    network = undefined;
  }
  if (network === null) {
    content.replaceChildren(note(account.role === 'seeker' ? 'network_none' : 'network_choose'));
  } else if (network) {
    if (account.role !== 'seeker') translate(document.getElementById('network-heading'), 'network_heading_caseworker', { id: network.id });
    about.replaceChildren(create_members_panel(network));
    const socket = create_socket();
    const chat = create_chat({ network_id: network.id, account, socket });
    content.replaceChildren(about, chat.element);
    // The why text comes from the server in the reader's language.
    on_language_change(async () => {
      try {
        const again = await load_network(account);
        if (again) about.replaceChildren(create_members_panel(again));
      } catch {
        // Keep what is shown.
      }
    });
    socket.on_state(show_connection);
    socket.start();
  }
}
