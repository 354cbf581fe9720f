// "Træk dit samtykke tilbage og slet dine data": what withdrawing consent
// does, a choice to erase the text of one's chat messages too, then an
// "are you sure?" step whose explicit second button sends
// POST /api/v1/me/erase {"confirm": "erase", "delete_messages"}. Nothing is
// sent before that second button. When the server confirms, on_erased(answer)
// lets the page show that it is done (the server has ended the session).
import { api } from '../api.js';
import { el } from '../dom.js';
import { translate } from '../i18n.js';
import { create_announcer, error_box } from '../ui_kit.js';

export function create_erase({ on_erased }) {
  const messages = el('input', { type: 'checkbox', class: 'form-checkbox', id: 'erase-messages', name: 'delete_messages',
    'aria-describedby': 'erase-messages-hint' });
  const start = el('button', { type: 'button', class: 'button button-warning', id: 'erase-start', i18n: 'erase_start' });
  const question = el('div', { id: 'erase-question', hidden: true });
  const announcer = create_announcer('erase-status');

  const element = el('section', { id: 'erase', class: 'mt-8', 'aria-labelledby': 'erase-heading' },
    el('h2', { id: 'erase-heading', i18n: 'erase_heading' }),
    el('p', { i18n: 'erase_intro' }),
    el('ul', { id: 'erase-points' },
      ...['erase_point_leave', 'erase_point_rules', 'erase_point_messages', 'erase_point_kept', 'erase_point_final']
        .map((key) => el('li', { i18n: key }))),
    el('p', {}, el('a', { href: '#export-section', i18n: 'erase_download_first' })),
    el('div', { class: 'form-group' }, el('div', { class: 'form-group-checkbox' },
      messages,
      el('label', { class: 'form-label', for: 'erase-messages', i18n: 'erase_messages_label' }),
      el('span', { class: 'form-hint', id: 'erase-messages-hint', i18n: 'erase_messages_hint' }))),
    start, question, announcer.element);

  const consequence_key = () => (messages.checked ? 'erase_consequence_delete' : 'erase_consequence_keep');
  let consequence = null;
  messages.addEventListener('change', () => {
    if (consequence) translate(consequence, consequence_key());
  });

  function close_question() {
    question.hidden = true;
    question.replaceChildren();
    consequence = null;
    start.hidden = false;
  }

  function ask() {
    const yes = el('button', { type: 'button', class: 'button button-warning', id: 'erase-yes', i18n: 'erase_yes' });
    const no = el('button', { type: 'button', class: 'button button-secondary', id: 'erase-no', i18n: 'erase_no' });
    const result = el('div', { id: 'erase-result' });
    consequence = el('p', { class: 'alert-text', id: 'erase-consequence', i18n: consequence_key() });
    no.addEventListener('click', () => {
      close_question();
      start.focus();
      announcer.say('erase_cancelled');
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      messages.disabled = true;
      result.replaceChildren(el('p', { role: 'status', i18n: 'erase_working' }));
      try {
        const answer = await api('POST', '/api/v1/me/erase', { confirm: 'erase', delete_messages: messages.checked });
        on_erased(answer ?? {});
      } catch (error) {
        yes.disabled = false;
        no.disabled = false;
        messages.disabled = false;
        result.replaceChildren(error_box(error, 'erase-error'));
      }
    });
    question.replaceChildren(el('div', { class: 'alert alert-warning', role: 'alert' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-heading', id: 'erase-question-heading', i18n: 'erase_question' }),
      consequence,
      el('div', { class: 'kreds-button-row' }, yes, no), result)));
    question.hidden = false;
    start.hidden = true;
    // The safe choice has the focus: Enter right away cancels.
    no.focus();
  }

  start.addEventListener('click', ask);
  return { element };
}
