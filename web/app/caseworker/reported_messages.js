// Reported chat messages of one network (from GET /api/v1/portfolio/networks/{id}),
// one card per message with every report's reason, and "hide with a reason"
// (POST /api/v1/networks/{id}/messages/{seq}/hide): the message becomes a
// tombstone for everyone and its reports are handled. Message bodies,
// names and reasons are user content: text only.
import { api, describe_error } from '../api.js';
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';
import { format_time } from '../format.js';
import { character_count } from '../profile_fields.js';

// Reports grouped by message, in the order the server gave them.
function by_message(reports) {
  const groups = new Map();
  for (const report of reports ?? []) {
    const seq = report.seq;
    if (!groups.has(seq)) groups.set(seq, { seq, author: report.author, body: report.body, reports: [] });
    groups.get(seq).reports.push(report);
  }
  return [...groups.values()];
}

function author_name(author) {
  return String(author?.display_name ?? author ?? '');
}

export function create_reported_messages({ network_id, reports, announce }) {
  const list = el('ul', { class: 'nobullet-list kreds-report-list', id: 'reports-list', 'aria-labelledby': 'reports-heading' });
  const none = el('p', { id: 'reports-none', i18n: 'reported_list_none' });
  const element = el('section', { class: 'mt-7', id: 'reports', 'aria-labelledby': 'reports-heading' },
    el('h2', { id: 'reports-heading', i18n: 'reported_list_heading' }), none, list);
  const groups = by_message(reports);
  const refresh_none = () => {
    none.hidden = list.children.length > 0;
  };
  list.replaceChildren(...groups.map((group) => report_card(group, network_id, {
    on_hidden: (card) => {
      const next = card.nextElementSibling ?? card.previousElementSibling;
      card.remove();
      refresh_none();
      announce('reported_hidden', { seq: group.seq });
      (next?.querySelector('h3') ?? document.getElementById('reports-heading')).focus();
    },
  })));
  refresh_none();
  return element;
}

function report_card(group, network_id, { on_hidden }) {
  const id = `report-${group.seq}`;
  const name = author_name(group.author);
  const summary = el('div', { id: `${id}-errors`, hidden: true });
  const errors = new form_errors(summary);
  const reason = el('textarea', { class: 'form-input', id: `${id}-reason`, name: 'reason', rows: '2', maxlength: '500',
    'aria-describedby': `${id}-reason-hint` });
  const submit = el('button', { type: 'submit', class: 'button button-primary', id: `${id}-hide` },
    el('span', { i18n: 'reported_hide' }), el('span', { class: 'sr-only', i18n: 'reported_number', i18n_values: { seq: group.seq } }));
  const form = el('form', { novalidate: true, id: `${id}-form` }, summary,
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: reason.id, i18n: 'reported_hide_reason' }),
      el('span', { class: 'form-hint', id: `${id}-reason-hint`, i18n: 'reported_hide_hint' }), reason),
    submit);
  const card = el('li', { class: 'kreds-report-card', id, 'data-seq': String(group.seq) },
    el('article', { 'aria-labelledby': `${id}-heading` },
      el('h3', { class: 'h4', id: `${id}-heading`, tabindex: '-1', i18n: 'reported_heading', i18n_values: { name, seq: group.seq } }),
      el('blockquote', { class: 'kreds-user-text kreds-quoted', id: `${id}-body` }, String(group.body ?? '')),
      el('ul', { class: 'kreds-report-reasons' }, ...group.reports.map((report) => el('li', {},
        el('span', { i18n: 'reported_reason_at', i18n_values: { at: format_time(report.reported_at) } }), ' ',
        el('span', { class: 'kreds-user-text' }, String(report.reason ?? ''))))),
      form));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const text = reason.value.trim();
    const length = character_count(text);
    if (length < 3 || length > 500) {
      errors.add(reason.id, 'reported_reason_invalid');
      errors.show();
      return;
    }
    submit.disabled = true;
    try {
      await api('POST', `/api/v1/networks/${encodeURIComponent(network_id)}/messages/${encodeURIComponent(group.seq)}/hide`, { reason: text });
      on_hidden(card);
    } catch (error) {
      if (error?.field === 'reason') errors.add(reason.id, 'reported_reason_invalid');
      else {
        const { key, values } = describe_error(error);
        errors.add(null, key, values);
      }
      errors.show();
      submit.disabled = false;
    }
  });
  return card;
}
