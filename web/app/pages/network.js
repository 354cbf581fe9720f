// The network page: for a seeker their network (GET /api/v1/my-network),
// for the facilitating caseworker the network named by ?network=ID. At the
// top "since your last visit"; below it the network's life in tabs that
// work on a phone — the live chat, job leads, weekly goals, meetings, the
// members (why the seeker is there, presence, buddy, who got a job) and, for
// a seeker, asking the caseworker for help and leaving. Everything runs over
// the page's one WebSocket, whose state shows in a live region; every part
// loads again on each reconnect.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change, translate } from '../i18n.js';
import { start_page } from '../page_shell.js';
import { create_buddy } from '../network/buddy.js';
import { create_chat } from '../network/chat.js';
import { create_digest } from '../network/digest.js';
import { create_goals } from '../network/goals.js';
import { create_help } from '../network/help.js';
import { create_leads } from '../network/leads.js';
import { create_leave } from '../network/leave.js';
import { create_meetings } from '../network/meetings.js';
import { create_members_panel, members_from_history } from '../network/members.js';
import { create_outcomes } from '../network/outcomes.js';
import { name_of } from '../network/people.js';
import { create_presence } from '../network/presence.js';
import { create_socket } from '../network/socket.js';
import { create_tabs } from '../network/tabs.js';
import { create_unread } from '../network/unread.js';

const content = document.getElementById('network-content');

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

function show_network(account, network) {
  const network_id = network.id;
  const is_seeker = account.role === 'seeker';
  if (!is_seeker) translate(document.getElementById('network-heading'), 'network_heading_caseworker', { id: network_id });

  const announcer = el('p', { id: 'network-announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const announce = (key, values = null) => translate(announcer, key, values);
  const socket = create_socket();
  const context = { socket, network_id, account, announce };

  const presence = create_presence(context);
  const buddy = create_buddy(context);
  const members = create_members_panel({ network, presence, buddy });
  let unread = null;
  const chat = create_chat({ ...context, on_messages: () => unread?.messages_changed() });
  const digest = create_digest(context);

  function left(reason) {
    content.replaceChildren(el('div', { class: 'alert alert-success', id: 'network-left', tabindex: '-1' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-heading', i18n: reason === 'outcome' ? 'network_left_outcome' : 'network_left' }),
      el('p', { class: 'alert-text' }, el('a', { href: '/', i18n: 'network_back' })))));
    document.getElementById('network-left')?.focus();
  }

  async function reload_members() {
    try {
      const again = await load_network(account);
      if (again) members.update(again);
    } catch {
      // Keep what is shown.
    }
  }

  const outcomes = create_outcomes({ ...context, on_reported: (stays) => (stays ? reload_members() : left('outcome')) });
  const sections = [
    { name: 'chat', label: 'tab_chat', content: chat.element },
    { name: 'leads', label: 'tab_leads', content: create_leads(context).element },
    { name: 'goals', label: 'tab_goals', content: create_goals(context).element },
    { name: 'meetings', label: 'tab_meetings', content: create_meetings({ ...context, member_list: members.members }).element },
    { name: 'members', label: 'tab_members', content: el('div', {}, members.element, buddy.element, outcomes.element) },
  ];
  if (is_seeker) {
    sections.push({ name: 'help', label: 'tab_help', content: el('div', {},
      create_help(context).element, create_leave({ ...context, on_left: left }).element) });
  }
  const tabs = create_tabs(sections);
  unread = create_unread({ ...context, chat, tabs });
  content.replaceChildren(digest.element, tabs.element, announcer);

  socket.on_message((message) => {
    const payload = message.payload ?? {};
    if (payload.network_id !== network_id) return;
    if (message.type === 'member.left') {
      reload_members();
      if (payload.account_id !== account.id) announce('members_left_news', { name: name_of(payload) });
    } else if (message.type === 'outcome.added') {
      reload_members();
    } else if (message.type === 'network.left') {
      left('left');
    }
  });
  // The why text comes from the server in the reader's language.
  on_language_change(reload_members);
  socket.on_state(show_connection);
  socket.start();
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
  if (network === null) content.replaceChildren(note(account.role === 'seeker' ? 'network_none' : 'network_choose'));
  else if (network) show_network(account, network);
}
