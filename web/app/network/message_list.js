// The chat's messages as an ordered list, oldest first: one <li> per stored
// message (by seq) and, after them, the reader's own messages still being
// sent (by client_id). Author, time and body always go in as text — bodies
// are user content. Under a stored message go the controls of `actions`
// (web/app/network/chat_actions.js: edit, delete, report). Owns only the
// DOM; web/app/network/chat.js decides what to show.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_time } from '../format.js';
import { keeping_focus } from './fields.js';

export function create_message_list({ my_id, actions = null }) {
  const list = el('ol', { id: 'chat-messages', class: 'kreds-chat-list', 'aria-labelledby': 'chat-messages-label' });
  const empty = el('p', { id: 'chat-empty', i18n: 'chat_empty', hidden: true });
  const by_seq = new Map();
  const by_client_id = new Map();

  function meta(author_name, mine, created_at, state_key, id = null) {
    return el('p', { class: 'kreds-chat-meta', id },
      el('span', { class: 'kreds-chat-author' }, author_name, mine ? el('span', { i18n: 'network_you' }) : null),
      ' ',
      created_at ? el('time', { datetime: created_at }, format_time(created_at)) : null,
      state_key ? el('span', { class: 'kreds-chat-state', i18n: state_key }) : null);
  }

  function body_of(message) {
    if (message.deleted) return el('p', { class: 'kreds-chat-body kreds-chat-deleted', i18n: 'chat_deleted' });
    return el('p', { class: 'kreds-chat-body' }, String(message.body ?? ''),
      message.edited_at ? el('span', { class: 'kreds-chat-edited', i18n: 'chat_edited' }) : null);
  }

  function fill_message(item, message) {
    const mine = message.author?.id === my_id;
    const meta_id = `chat-meta-${message.seq}`;
    keeping_focus(item, () => item.replaceChildren(
      meta(String(message.author?.display_name ?? ''), mine, message.created_at, null, meta_id), body_of(message),
      actions?.render(message, meta_id) ?? null));
  }

  actions?.set_refresh((seq) => {
    const item = by_seq.get(seq);
    if (item) fill_message(item, item.kreds_message);
  });

  function fill_pending(item, pending, on_retry) {
    const children = [meta(pending.author_name, true, null, pending.failed ? 'chat_not_sent' : 'chat_sending'), body_of(pending)];
    if (pending.failed) {
      const retry = el('button', { type: 'button', class: 'button button-tertiary kreds-chat-retry', i18n: 'chat_retry' });
      retry.addEventListener('click', () => on_retry(pending.client_id));
      children.push(retry);
    }
    item.replaceChildren(...children);
  }

  function update_empty() {
    empty.hidden = list.childElementCount > 0;
  }

  on_language_change(() => {
    for (const item of by_seq.values()) fill_message(item, item.kreds_message);
    for (const item of by_client_id.values()) fill_pending(item, item.kreds_pending, item.kreds_retry);
  });

  return {
    list,
    empty,
    // Shows a stored message in seq order (or refreshes it, e.g. an edit).
    upsert(message) {
      let item = by_seq.get(message.seq);
      if (!item) {
        item = el('li', { class: 'kreds-chat-message', id: `chat-message-${message.seq}`, 'data-seq': message.seq });
        let before = null;
        for (const other of list.children) {
          if (other.classList.contains('kreds-chat-pending') || Number(other.dataset.seq) > message.seq) {
            before = other;
            break;
          }
        }
        list.insertBefore(item, before);
        by_seq.set(message.seq, item);
      }
      item.kreds_message = message;
      fill_message(item, message);
      update_empty();
    },
    // Shows (or refreshes) one of the reader's messages that has no seq yet.
    show_pending(pending, on_retry) {
      let item = by_client_id.get(pending.client_id);
      if (!item) {
        item = el('li', { class: 'kreds-chat-message kreds-chat-pending', 'data-client-id': pending.client_id });
        list.append(item);
        by_client_id.set(pending.client_id, item);
      }
      item.kreds_pending = pending;
      item.kreds_retry = on_retry;
      fill_pending(item, pending, on_retry);
      update_empty();
    },
    // After the first page: "no messages yet" when there are none.
    settle: update_empty,
    remove_pending(client_id) {
      by_client_id.get(client_id)?.remove();
      by_client_id.delete(client_id);
      update_empty();
    },
  };
}
