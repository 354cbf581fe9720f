// One alert in the caseworker's inbox: what happened (the server's text and
// the facts behind it), the suggested action, links to the seeker's triage
// and the network, and the three ways to handle it — acknowledge, snooze for
// N days, resolve with a note (docs/api.md). Nothing is dropped: a resolved
// alert stays, with its note. on_changed(alert) gets the alert the server
// answered. The seeker's name and the note are user content: text only.
import { api } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { format_time } from '../format.js';
import { character_count } from '../profile_fields.js';
import { action_element, facts_list, kind_element, status_badge_class, status_element } from './alert_labels.js';

export function alert_card(alert, { on_changed, announce }) {
  const id = `alert-${alert.id}`;
  const name = String(alert.seeker?.display_name ?? '');
  const status = String(alert.status ?? '');
  const heading = el('h3', { id: `${id}-heading`, class: 'h4 kreds-alert-heading', tabindex: '-1' },
    kind_element('span', alert.kind), name ? `: ${name}` : null);
  const meta = el('p', { class: 'kreds-alert-meta' },
    status_element('span', status, { class: status_badge_class[status] ?? 'badge', id: `${id}-status`, 'data-status': status }),
    ' ', el('span', { i18n: 'alert_created', i18n_values: { at: format_time(alert.created_at) } }),
    status === 'snoozed' && alert.snoozed_until
      ? el('span', {}, ' · ', el('span', { i18n: 'alert_snoozed_until', i18n_values: { at: format_time(alert.snoozed_until) } }))
      : null);
  const links = el('ul', { class: 'nobullet-list kreds-link-list' },
    alert.seeker?.id ? el('li', {}, el('a', { href: `/triage.html?seeker=${encodeURIComponent(alert.seeker.id)}`, class: 'function-link' },
      el('span', { i18n: 'alert_open_triage' }), el('span', { class: 'sr-only' }, ` ${name}`))) : null,
    alert.network_id ? el('li', {}, el('a', { href: `/portfolio_network.html?network=${encodeURIComponent(alert.network_id)}`, class: 'function-link',
      i18n: 'alert_open_network', i18n_values: { id: alert.network_id } })) : null);
  const body = el('article', { 'aria-labelledby': `${id}-heading` },
    heading, meta,
    alert.text ? el('p', { class: 'kreds-user-text' }, String(alert.text)) : null,
    facts_list(alert.facts, `${id}-facts`),
    el('p', {}, el('strong', { i18n: 'alert_suggested_action' }), ' ', action_element('span', alert.suggested_action)),
    links.children.length ? links : null,
    status === 'resolved' ? resolved_note(alert, id) : handling(alert, id, { on_changed, announce, name }));
  return el('li', { class: 'kreds-alert-card', id, 'data-alert': String(alert.id), 'data-kind': String(alert.kind ?? ''),
    'data-status': status }, body);
}

function resolved_note(alert, id) {
  return el('p', { id: `${id}-note` }, el('strong', { i18n: 'alert_note' }), ' ', el('span', { class: 'kreds-user-text' }, String(alert.note ?? '')));
}

// The actions of an alert that is not resolved yet.
function handling(alert, id, { on_changed, announce, name }) {
  const summary = el('div', { id: `${id}-errors`, hidden: true });
  const errors = new form_errors(summary);
  const busy = (value) => {
    for (const button of element.querySelectorAll('button')) button.disabled = value;
  };
  const act = async (action, body, field_ids, done_key) => {
    errors.clear();
    busy(true);
    try {
      const answer = await api('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/${action}`, body);
      announce(done_key, { name: name || '–', at: answer?.snoozed_until ? format_time(answer.snoozed_until) : '' });
      on_changed(answer ?? alert);
    } catch (error) {
      if (errors.add_server_error(error, field_ids, { days: 'alert_days_invalid', note: 'alert_note_invalid' })) more.open = true;
      errors.show();
      busy(false);
    }
  };

  const acknowledge = el('button', { type: 'button', class: 'button button-secondary', id: `${id}-acknowledge` },
    el('span', { i18n: 'alert_acknowledge' }), el('span', { class: 'sr-only' }, ` ${name}`));
  acknowledge.addEventListener('click', () => act('acknowledge', undefined, {}, 'alert_acknowledged'));

  const days = el('input', { type: 'number', class: 'form-input input-width-xs', id: `${id}-days`, name: 'days', min: '1', max: '60',
    inputmode: 'numeric', value: '7', 'aria-describedby': `${id}-days-hint` });
  const snooze_form = el('form', { novalidate: true, class: 'kreds-inline-form', id: `${id}-snooze` },
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: `${id}-days`, i18n: 'alert_snooze_days' }),
      el('span', { class: 'form-hint', id: `${id}-days-hint`, i18n: 'alert_snooze_hint' }), days),
    el('button', { type: 'submit', class: 'button button-secondary', id: `${id}-snooze-submit` },
      el('span', { i18n: 'alert_snooze' }), el('span', { class: 'sr-only' }, ` ${name}`)));
  snooze_form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = Number(days.value);
    if (!Number.isInteger(value) || value < 1 || value > 60) {
      errors.clear();
      errors.add(days.id, 'alert_days_invalid');
      errors.show();
      return;
    }
    act('snooze', { days: value }, { days: days.id }, 'alert_snoozed');
  });

  const note = el('textarea', { class: 'form-input', id: `${id}-note-input`, name: 'note', rows: '2', maxlength: '1000',
    'aria-describedby': `${id}-note-hint` });
  const resolve_form = el('form', { novalidate: true, id: `${id}-resolve` },
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: note.id, i18n: 'alert_note_label' }),
      el('span', { class: 'form-hint', id: `${id}-note-hint`, i18n: 'alert_note_hint' }), note),
    el('button', { type: 'submit', class: 'button button-primary', id: `${id}-resolve-submit` },
      el('span', { i18n: 'alert_resolve' }), el('span', { class: 'sr-only' }, ` ${name}`)));
  resolve_form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = note.value.trim();
    const length = character_count(text);
    if (length < 3 || length > 1000) {
      errors.clear();
      errors.add(note.id, 'alert_note_invalid');
      errors.show();
      return;
    }
    act('resolve', { note: text }, { note: note.id }, 'alert_resolved');
  });

  // Snoozing and resolving take a little typing: folded away so that a
  // long inbox stays easy to scan.
  const more = el('details', { class: 'details', id: `${id}-handle` },
    el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text' },
      el('span', { i18n: 'alert_more_actions' }), el('span', { class: 'sr-only' }, ` ${name}`))),
    el('div', { class: 'details-text' }, snooze_form, resolve_form));
  const element = el('div', { class: 'kreds-alert-actions' }, summary,
    alert.status === 'acknowledged' ? null : el('p', {}, acknowledge), more);
  return element;
}
