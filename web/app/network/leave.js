// "Forlad netværket" (docs/protocol.md, Leaving): an optional reason, then
// an "are you sure?" step before network.leave. When the server confirms,
// on_left() lets the page show that the reader is no longer a member.
import { el } from '../dom.js';
import { describe_socket_error, field } from './fields.js';

export function create_leave({ socket, network_id, on_left }) {
  const reason = field({ id: 'leave-reason', label: 'leave_reason', hint: 'leave_reason_hint', optional: true, tag: 'textarea', rows: '3', maxlength: '500' });
  const start = el('button', { type: 'button', class: 'button button-secondary', id: 'leave-start', i18n: 'leave_start' });
  const question = el('div', { id: 'leave-question', hidden: true });
  const element = el('section', { id: 'leave', class: 'mt-8', 'aria-labelledby': 'leave-heading' },
    el('h2', { id: 'leave-heading', i18n: 'leave_heading' }),
    el('p', { i18n: 'leave_intro' }),
    reason.group, start, question);

  function ask() {
    const yes = el('button', { type: 'button', class: 'button button-warning', id: 'leave-yes', i18n: 'leave_yes' });
    const no = el('button', { type: 'button', class: 'button button-secondary', id: 'leave-no', i18n: 'leave_no' });
    const result = el('div', { id: 'leave-result' });
    no.addEventListener('click', () => {
      question.hidden = true;
      question.replaceChildren();
      start.hidden = false;
      start.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      const payload = { network_id };
      if (reason.control.value.trim()) payload.reason = reason.control.value.trim();
      try {
        await socket.request('network.leave', payload);
        on_left('left');
      } catch (error) {
        yes.disabled = false;
        const { key, values } = describe_socket_error(error);
        result.replaceChildren(el('p', { class: 'form-error-message', role: 'alert', i18n: key, i18n_values: values ?? null }));
      }
    });
    question.replaceChildren(el('div', { class: 'alert alert-warning', role: 'alert' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-heading', i18n: 'leave_question' }),
      el('p', { class: 'alert-text', i18n: 'leave_consequence' }),
      el('div', { class: 'kreds-button-row' }, yes, no), result)));
    question.hidden = false;
    start.hidden = true;
    no.focus();
  }

  start.addEventListener('click', ask);
  return { element };
}
