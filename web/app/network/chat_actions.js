// The buttons under each chat message (docs/protocol.md, Chat): on one's own
// message "Rediger" (chat.edit) and "Slet" (chat.delete, after an "are you
// sure?" step); on someone else's "Anmeld" (chat.report with a reason, to
// the network's caseworker). Each opens inline under the message; the
// message list asks render() for a message's controls and is told through
// refresh(seq) to draw a message again when its state here changes.
import { el } from '../dom.js';
import { describe_socket_error } from './fields.js';

export function create_chat_actions({ socket, network_id, account }) {
  const editing = new Map();   // seq -> draft text
  const deleting = new Set();
  const reporting = new Map(); // seq -> draft reason
  const reported = new Set();
  const failures = new Map();  // seq -> {key, values}
  let refresh = () => {};

  function redraw(seq, focus_id = null) {
    refresh(seq);
    if (focus_id) document.getElementById(focus_id)?.focus();
  }

  function fail(seq, error_or_key, values = null) {
    failures.set(seq, typeof error_or_key === 'string' ? { key: error_or_key, values } : describe_socket_error(error_or_key));
  }

  function button(id, key, meta_id, on_click, kind = 'button-tertiary') {
    const element = el('button', { type: 'button', class: `button ${kind} kreds-chat-action`, id, i18n: key, 'aria-describedby': meta_id });
    element.addEventListener('click', on_click);
    return element;
  }

  function failure_line(seq) {
    const failure = failures.get(seq);
    return failure ? el('p', { class: 'form-error-message', role: 'alert', id: `chat-action-error-${seq}` },
      el('span', { i18n: failure.key, i18n_values: failure.values ?? null })) : null;
  }

  function edit_form(message, meta_id) {
    const seq = message.seq;
    const max_characters = socket.limits().chat_max_characters;
    const textarea = el('textarea', { id: `chat-edit-${seq}`, class: 'form-input kreds-chat-input', rows: '3', maxlength: String(max_characters) });
    textarea.value = editing.get(seq);
    textarea.addEventListener('input', () => editing.set(seq, textarea.value));
    const save = el('button', { type: 'submit', class: 'button button-primary', id: `chat-edit-save-${seq}`, i18n: 'chat_edit_save' });
    const cancel = button(`chat-edit-cancel-${seq}`, 'chat_action_cancel', meta_id, () => {
      editing.delete(seq);
      failures.delete(seq);
      redraw(seq, `chat-edit-open-${seq}`);
    }, 'button-secondary');
    const form = el('form', { class: 'kreds-chat-action-form', id: `chat-edit-form-${seq}`, novalidate: true },
      el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: `chat-edit-${seq}`, i18n: 'chat_edit_label' }), textarea),
      failure_line(seq), el('div', { class: 'kreds-button-row' }, save, cancel));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = textarea.value;
      if (body.trim() === '' || body.length > max_characters) {
        fail(seq, body.trim() === '' ? 'chat_empty_body' : 'chat_too_long', { over: body.length - max_characters });
        redraw(seq, `chat-edit-${seq}`);
        return;
      }
      save.disabled = true;
      try {
        await socket.request('chat.edit', { network_id, seq, body });
        editing.delete(seq);
        failures.delete(seq);
        redraw(seq, `chat-edit-open-${seq}`);
      } catch (error) {
        fail(seq, error);
        redraw(seq, `chat-edit-${seq}`);
      }
    });
    return form;
  }

  function delete_question(message, meta_id) {
    const seq = message.seq;
    const yes = button(`chat-delete-yes-${seq}`, 'chat_delete_yes', meta_id, async () => {
      try {
        await socket.request('chat.delete', { network_id, seq });
        deleting.delete(seq);
        failures.delete(seq);
        redraw(seq);
        document.getElementById(`chat-message-${seq}`)?.setAttribute('tabindex', '-1');
        document.getElementById(`chat-message-${seq}`)?.focus();
      } catch (error) {
        fail(seq, error);
        redraw(seq, `chat-delete-yes-${seq}`);
      }
    }, 'button-warning');
    const no = button(`chat-delete-no-${seq}`, 'chat_action_cancel', meta_id, () => {
      deleting.delete(seq);
      failures.delete(seq);
      redraw(seq, `chat-delete-open-${seq}`);
    }, 'button-secondary');
    return el('div', { class: 'kreds-chat-action-form', id: `chat-delete-question-${seq}` },
      el('p', { i18n: 'chat_delete_question' }), failure_line(seq), el('div', { class: 'kreds-button-row' }, yes, no));
  }

  function report_form(message, meta_id) {
    const seq = message.seq;
    const textarea = el('textarea', { id: `chat-report-${seq}`, class: 'form-input kreds-chat-input', rows: '2', maxlength: '500',
      'aria-describedby': `chat-report-hint-${seq}` });
    textarea.value = reporting.get(seq);
    textarea.addEventListener('input', () => reporting.set(seq, textarea.value));
    const send = el('button', { type: 'submit', class: 'button button-primary', id: `chat-report-send-${seq}`, i18n: 'chat_report_send' });
    const cancel = button(`chat-report-cancel-${seq}`, 'chat_action_cancel', meta_id, () => {
      reporting.delete(seq);
      failures.delete(seq);
      redraw(seq, `chat-report-open-${seq}`);
    }, 'button-secondary');
    const form = el('form', { class: 'kreds-chat-action-form', id: `chat-report-form-${seq}`, novalidate: true },
      el('div', { class: 'form-group' },
        el('label', { class: 'form-label', for: `chat-report-${seq}`, i18n: 'chat_report_label' }),
        el('span', { class: 'form-hint', id: `chat-report-hint-${seq}`, i18n: 'chat_report_hint' }), textarea),
      failure_line(seq), el('div', { class: 'kreds-button-row' }, send, cancel));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = textarea.value.trim();
      if (reason.length < 3 || reason.length > 500) {
        fail(seq, 'chat_report_reason_length');
        redraw(seq, `chat-report-${seq}`);
        return;
      }
      send.disabled = true;
      try {
        await socket.request('chat.report', { network_id, seq, reason });
        reported.add(seq);
      } catch (error) {
        if (error?.code === 'conflict') reported.add(seq);
        else {
          fail(seq, error);
          redraw(seq, `chat-report-${seq}`);
          return;
        }
      }
      reporting.delete(seq);
      failures.delete(seq);
      redraw(seq);
      document.getElementById(`chat-reported-${seq}`)?.focus();
    });
    return form;
  }

  return {
    set_refresh(callback) {
      refresh = callback;
    },
    // The controls under a stored message, or null.
    render(message, meta_id) {
      if (!message || message.deleted || !Number.isInteger(message.seq)) return null;
      const seq = message.seq;
      const mine = message.author?.id === account.id;
      if (mine) {
        if (editing.has(seq)) return edit_form(message, meta_id);
        if (deleting.has(seq)) return delete_question(message, meta_id);
        return el('div', { class: 'kreds-chat-actions' },
          button(`chat-edit-open-${seq}`, 'chat_edit', meta_id, () => {
            editing.set(seq, String(message.body ?? ''));
            redraw(seq, `chat-edit-${seq}`);
          }),
          button(`chat-delete-open-${seq}`, 'chat_delete', meta_id, () => {
            deleting.add(seq);
            redraw(seq, `chat-delete-no-${seq}`);
          }));
      }
      if (account.role !== 'seeker') return null;
      if (reported.has(seq)) {
        return el('p', { class: 'form-hint kreds-chat-reported', id: `chat-reported-${seq}`, tabindex: '-1', i18n: 'chat_reported' });
      }
      if (reporting.has(seq)) return report_form(message, meta_id);
      return el('div', { class: 'kreds-chat-actions' },
        button(`chat-report-open-${seq}`, 'chat_report', meta_id, () => {
          reporting.set(seq, '');
          redraw(seq, `chat-report-${seq}`);
        }));
    },
  };
}
