// One network's chat (docs/protocol.md, "Chat"): catches up with chat.sync
// on every (re)connect, appends live chat.message events, pages back with
// chat.history, and posts with a client_id so that a message whose
// acknowledgement was lost is resent after reconnecting without being
// stored twice. Messages are kept in a Map by seq: nothing is shown twice.
import { el } from '../dom.js';
import { translate } from '../i18n.js';
import { create_chat_actions } from './chat_actions.js';
import { create_message_list } from './message_list.js';

const history_page = 50;

// on_messages() is called whenever messages were added or the catch-up
// moved on (the page marks them read while the chat is shown).
export function create_chat({ network_id, account, socket, on_messages = () => {} }) {
  const messages = new Map();   // seq -> message
  const pending = new Map();    // client_id -> {client_id, body, author_name, failed}
  const requests = new Map();   // envelope id -> what it asked for
  let synced = 0;               // every seq up to this one is held (from the first one loaded)
  let started = false;          // the first page has arrived
  let syncing = false;
  let sync_again = false;
  let lowest = null;            // the oldest seq held
  let no_older = false;
  let catching_up = 0;          // messages received by the current catch-up

  const view = create_message_list({ my_id: account.id, actions: create_chat_actions({ socket, network_id, account }) });
  const announcer = el('p', { id: 'chat-announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const older = el('button', { type: 'button', class: 'button button-secondary', id: 'chat-older', i18n: 'chat_older', hidden: true });
  const older_note = el('p', { id: 'chat-older-note', class: 'form-hint', hidden: true });
  const error_box = el('div', { id: 'chat-error', 'aria-live': 'assertive' });

  const textarea = el('textarea', { id: 'chat-body', name: 'body', class: 'form-input kreds-chat-input', rows: '3',
    'aria-describedby': 'chat-body-hint chat-count', autocomplete: 'off' });
  const count = el('p', { id: 'chat-count', class: 'form-hint kreds-chat-count' });
  const send = el('button', { type: 'submit', class: 'button button-primary', id: 'chat-send', i18n: 'chat_send' });
  const form = el('form', { id: 'chat-form', class: 'kreds-chat-form', novalidate: true },
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: 'chat-body', i18n: 'chat_body_label' }),
      el('span', { class: 'form-hint', id: 'chat-body-hint', i18n: 'chat_body_hint' }),
      textarea, count),
    send);

  const element = el('section', { class: 'mt-7', id: 'chat', 'aria-labelledby': 'chat-heading' },
    el('h2', { id: 'chat-heading', i18n: 'chat_heading' }),
    older, older_note,
    el('h3', { id: 'chat-messages-label', class: 'sr-only', i18n: 'chat_messages_label' }),
    view.empty, view.list, announcer, error_box, form);

  // --- showing ---

  function show_error(key, values = null) {
    error_box.replaceChildren(el('div', { class: 'alert alert-error' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-text', i18n: key, i18n_values: values }))));
  }

  function clear_error() {
    error_box.replaceChildren();
  }

  function announce(key, values) {
    translate(announcer, key, values);
  }

  function update_count() {
    const max_characters = socket.limits().chat_max_characters;
    const length = textarea.value.length;
    if (length > max_characters) translate(count, 'chat_too_long', { over: length - max_characters });
    else translate(count, 'chat_count', { count: length, max: max_characters });
    count.classList.toggle('form-limit-error', length > max_characters);
  }

  function update_older() {
    older.hidden = !started || lowest === null || lowest <= 1 || no_older;
  }

  // --- state ---

  // Holds a message (once) and shows it; true when it was new.
  function hold(message) {
    if (!message || message.network_id !== network_id || !Number.isInteger(message.seq)) return false;
    const mine = message.author?.id === account.id;
    if (mine && pending.has(message.client_id)) {
      pending.delete(message.client_id);
      view.remove_pending(message.client_id);
    }
    if (messages.has(message.seq)) return false;
    messages.set(message.seq, message);
    if (lowest === null || message.seq < lowest) lowest = message.seq;
    view.upsert(message);
    return true;
  }

  function advance() {
    while (messages.has(synced + 1)) synced += 1;
    on_messages();
  }

  function request(type, payload, what) {
    const id = socket.send(type, payload);
    if (id) requests.set(id, what);
    return id;
  }

  function sync() {
    if (syncing) {
      sync_again = true;
      return;
    }
    if (request('chat.sync', { since: { [network_id]: synced } }, { kind: 'sync' })) syncing = true;
  }

  function post(item) {
    request('chat.post', { network_id, client_id: item.client_id, body: item.body }, { kind: 'post', client_id: item.client_id });
  }

  function retry(client_id) {
    const item = pending.get(client_id);
    if (!item) return;
    item.failed = false;
    view.show_pending(item, retry);
    clear_error();
    post(item);
  }

  // On every (re)connect: the first time the latest page, then the catch-up;
  // and every message still waiting for its acknowledgement, again.
  function on_online() {
    requests.clear();
    syncing = false;
    sync_again = false;
    if (!started) {
      request('chat.history', { network_id, limit: history_page }, { kind: 'first' });
    } else {
      catching_up = 0;
      sync();
    }
    for (const item of pending.values()) if (!item.failed) post(item);
  }

  function on_page(what, payload) {
    const list = Array.isArray(payload.messages) ? payload.messages : [];
    for (const message of list) hold(message);
    if (what.kind === 'first') {
      started = true;
      if (list.length < history_page) no_older = true;
      view.settle();
      synced = list.length ? list[list.length - 1].seq : 0;
      advance();
      catching_up = 0;
      sync();
    } else {
      older.disabled = false;
      translate(older, 'chat_older');
      if (list.length < history_page) no_older = true;
      if (no_older) {
        older_note.hidden = false;
        translate(older_note, 'chat_no_older');
      }
      // Keep the reader's place: focus the newest of the older messages.
      const newest_older = list.length ? document.getElementById(`chat-message-${list[list.length - 1].seq}`) : null;
      if (newest_older) {
        newest_older.tabIndex = -1;
        newest_older.focus();
      }
    }
    update_older();
  }

  function on_synced(payload) {
    syncing = false;
    const entry = (Array.isArray(payload.networks) ? payload.networks : []).find((n) => n?.network_id === network_id);
    const list = Array.isArray(entry?.messages) ? entry.messages : [];
    for (const message of list) if (hold(message)) catching_up += 1;
    if (list.length) synced = Math.max(synced, list[list.length - 1].seq);
    advance();
    update_older();
    if (entry?.more || sync_again) {
      sync_again = false;
      sync();
    } else if (catching_up > 0) {
      announce('chat_new_messages', { count: catching_up });
      catching_up = 0;
    }
  }

  function on_live(message) {
    if (!hold(message)) return;
    if (message.author?.id !== account.id) announce('chat_new_message', { name: String(message.author?.display_name ?? '') });
    if (!started) return;
    advance();
    // A gap (a message we never got): catch up from the last one we are sure of.
    if (synced < message.seq) sync();
    update_older();
  }

  function on_ack(payload) {
    const item = pending.get(payload.client_id);
    if (!item || payload.network_id !== network_id) return;
    hold({ network_id, seq: payload.seq, client_id: item.client_id, body: item.body, created_at: payload.created_at,
      author: { id: account.id, display_name: account.display_name } });
    if (!started) return;
    advance();
    if (synced < payload.seq) sync();
  }

  function on_error(what, payload) {
    const code = payload?.code;
    if (what?.kind === 'post') {
      const item = pending.get(what.client_id);
      if (item) {
        item.failed = true;
        view.show_pending(item, retry);
      }
    }
    if (what?.kind === 'older') {
      older.disabled = false;
      translate(older, 'chat_older');
    }
    if (what?.kind === 'sync') syncing = false;
    if (code === 'rate_limited') {
      show_error('chat_rate_limited', { seconds: Number.isFinite(payload.retry_after_seconds) ? payload.retry_after_seconds : 60 });
    } else if (code === 'forbidden') show_error('chat_error_forbidden');
    else if (code === 'invalid_field' || code === 'bad_request') show_error('chat_error_invalid');
    else show_error('chat_error_generic');
  }

  socket.on_state((state) => {
    if (state.state === 'online') on_online();
  });
  socket.on_message((message) => {
    const what = message.id ? requests.get(message.id) : undefined;
    if (message.id) requests.delete(message.id);
    const payload = message.payload ?? {};
    switch (message.type) {
      case 'welcome': return update_count();
      case 'chat.message': return on_live(payload);
      case 'chat.updated':
        if (payload.network_id === network_id && messages.has(payload.seq)) {
          messages.set(payload.seq, payload);
          view.upsert(payload);
        }
        return undefined;
      case 'chat.synced': return on_synced(payload);
      case 'chat.page': return what ? on_page(what, payload) : undefined;
      case 'chat.ack': return on_ack(payload);
      case 'error': return what ? on_error(what, payload) : undefined;
      default: return undefined;
    }
  });

  // --- the reader's actions ---

  older.addEventListener('click', () => {
    if (lowest === null || lowest <= 1) return;
    if (request('chat.history', { network_id, before_seq: lowest, limit: history_page }, { kind: 'older' })) {
      older.disabled = true;
      translate(older, 'chat_older_loading');
    }
  });

  textarea.addEventListener('input', update_count);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = textarea.value;
    if (body.trim() === '') {
      show_error('chat_empty_body');
      textarea.focus();
      return;
    }
    const max_characters = socket.limits().chat_max_characters;
    if (body.length > max_characters) {
      show_error('chat_too_long', { over: body.length - max_characters });
      textarea.focus();
      return;
    }
    clear_error();
    const item = { client_id: crypto.randomUUID(), body, author_name: String(account.display_name ?? ''), failed: false };
    pending.set(item.client_id, item);
    view.show_pending(item, retry);
    textarea.value = '';
    update_count();
    post(item);
  });

  update_count();
  return {
    element,
    // The highest seq up to which every message is held and shown.
    latest_seq: () => synced,
  };
}
