// "Bed om hjælp" (docs/protocol.md, Asking for help): a private request to
// the network's caseworker — other members never see it — and the reader's
// earlier requests with the caseworker's answers (help.list on every
// (re)connect, help.answered live). Request and answer texts are user
// content: text only.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_time } from '../format.js';
import { create_section_status, error_summary, field, keeping_focus, new_client_id, show_request_error } from './fields.js';
import { name_of } from './people.js';

export function create_help({ socket, network_id, announce }) {
  const requests = new Map();  // id -> request
  const status = create_section_status('help-status');
  const text = field({ id: 'help-text', label: 'help_text', hint: 'help_text_hint', tag: 'textarea', rows: '4', maxlength: '2000' });
  const summary = error_summary('help-form-errors');
  const send = el('button', { type: 'submit', class: 'button button-primary', id: 'help-send', i18n: 'help_send' });
  const form = el('form', { id: 'help-form', novalidate: true }, summary.element, text.group, send);
  const list = el('ol', { id: 'help-list', class: 'nobullet-list kreds-cards', 'aria-labelledby': 'help-list-heading' });
  const none = el('p', { id: 'help-none', i18n: 'help_none' });
  let client_id = null;

  const element = el('section', { id: 'help', 'aria-labelledby': 'help-heading' },
    el('h2', { id: 'help-heading', i18n: 'help_heading' }),
    el('p', { i18n: 'help_intro' }),
    status.element, form,
    el('h3', { id: 'help-list-heading', class: 'mt-6', i18n: 'help_list_heading' }), none, list);

  function item(request) {
    const answered = Boolean(request.answer);
    return el('li', { class: 'kreds-card', id: `help-request-${request.id}`, 'data-request': request.id },
      el('p', { class: 'kreds-card-meta' }, el('span', { i18n: 'help_asked_at', i18n_values: { when: format_time(request.created_at) } }),
        ' · ', el('strong', { i18n: answered ? 'help_answered' : 'help_waiting' })),
      el('p', { class: 'kreds-introduction' }, String(request.text ?? '')),
      answered ? el('div', { class: 'kreds-help-answer' },
        el('p', { class: 'mb-0' }, el('strong', { i18n: 'help_answer_from', i18n_values: { name: name_of(request.answered_by) } }),
          request.answered_at ? ` (${format_time(request.answered_at)})` : ''),
        el('p', { class: 'kreds-introduction mt-0' }, String(request.answer))) : null);
  }

  function render() {
    const sorted = [...requests.values()].filter((request) => request.network_id === network_id || request.network_id === undefined)
      .sort((a, b) => (Boolean(a.answer) - Boolean(b.answer)) || String(b.created_at).localeCompare(String(a.created_at)));
    keeping_focus(element, () => list.replaceChildren(...sorted.map(item)));
    none.hidden = sorted.length > 0;
  }

  function hold(request) {
    if (request && Number.isInteger(request.id)) requests.set(request.id, request);
  }

  async function load() {
    try {
      const reply = await socket.request('help.list', {});
      requests.clear();
      for (const request of reply.payload?.requests ?? []) hold(request);
      status.clear();
      render();
    } catch (error) {
      status.failed(error);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.errors.clear();
    const value = text.control.value.trim();
    if (value.length < 3) summary.errors.add('help-text', 'help_text_short');
    else if (value.length > 2000) summary.errors.add('help-text', 'help_text_long');
    if (summary.errors.has_errors) {
      summary.errors.show();
      return;
    }
    send.disabled = true;
    try {
      const reply = await socket.request('help.ask', { network_id, client_id: client_id ??= new_client_id(), text: value });
      client_id = null;
      form.reset();
      hold(reply.payload);
      render();
      announce('help_sent');
      const sent = document.getElementById(`help-request-${reply.payload?.id}`);
      sent?.setAttribute('tabindex', '-1');
      sent?.focus();
    } catch (error) {
      show_request_error(summary.errors, error, { text: 'help-text' });
    } finally {
      send.disabled = false;
    }
  });

  socket.on_state((state) => {
    if (state.state === 'online') load();
  });
  socket.on_message((message) => {
    if (message.type !== 'help.answered' || !message.payload) return;
    hold(message.payload);
    render();
    if (!message.id) announce('help_answer_arrived');
  });
  on_language_change(render);
  return { element };
}
