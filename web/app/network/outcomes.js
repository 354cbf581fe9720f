// "Job og uddannelse" (docs/protocol.md, Outcomes): who in the network got a
// job or started an education, with a "Sig tillykke" button (praise), and
// the reader's own report — kind, date, a few details that go only to the
// caseworker, and the choice to stay as a mentor or leave. Loads with
// outcome.list on every (re)connect; outcome.added and
// outcome.congratulated keep it live. Names are user content: text only.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_date } from '../format.js';
import { create_section_status, describe_socket_error, error_summary, field, keeping_focus, show_request_error } from './fields.js';
import { name_of } from './people.js';

const kinds = ['job', 'education', 'other'];
const kind_keys = { job: 'outcome_kind_job', education: 'outcome_kind_education', other: 'outcome_kind_other' };
const line_keys = { job: 'outcome_line_job', education: 'outcome_line_education', other: 'outcome_line_other' };
const field_ids = { kind: 'outcome-kind-job', date: 'outcome-date', hours_per_week: 'outcome-hours', sector: 'outcome-sector',
  note: 'outcome-note', stay_as_mentor: 'outcome-stay-yes' };

function today_plus(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function radio(name, id, value, key) {
  return el('div', { class: 'form-group-radio' },
    el('input', { type: 'radio', class: 'form-radio', name, id, value }),
    el('label', { class: 'form-label', for: id, i18n: key }));
}

export function create_outcomes({ socket, network_id, account, announce, on_reported }) {
  const takes_part = account.role === 'seeker';
  const outcomes = new Map();  // id -> outcome
  const failures = new Map();  // outcome id -> error key
  const status = create_section_status('outcomes-status');
  const list = el('ul', { id: 'outcome-list', class: 'nobullet-list kreds-cards', 'aria-labelledby': 'outcomes-heading' });
  const none = el('p', { id: 'outcome-none', i18n: 'outcomes_none' });
  const report_box = el('div', { id: 'outcome-report' });
  let done = false;            // the reader has reported an outcome

  const element = el('section', { id: 'outcomes', class: 'mt-7', 'aria-labelledby': 'outcomes-heading' },
    el('h2', { id: 'outcomes-heading', i18n: 'outcomes_heading' }), status.element, none, list, takes_part ? report_box : null);

  // --- the report form ---

  function report_form() {
    const summary = error_summary('outcome-form-errors');
    const kind = el('fieldset', { id: 'outcome-kind', 'aria-describedby': 'outcome-kind-hint' },
      el('legend', { class: 'form-label', i18n: 'outcome_kind' }),
      ...kinds.map((value) => radio('outcome-kind', `outcome-kind-${value}`, value, kind_keys[value])));
    const date = field({ id: 'outcome-date', label: 'outcome_date', hint: 'outcome_date_hint', type: 'date',
      class: 'form-input input-width-s', min: today_plus(-365), max: today_plus(90) });
    const hours = field({ id: 'outcome-hours', label: 'outcome_hours', optional: true, type: 'number', min: '1', max: '60',
      inputmode: 'numeric', class: 'form-input input-width-xs' });
    const sector = field({ id: 'outcome-sector', label: 'outcome_sector', hint: 'outcome_sector_hint', optional: true, maxlength: '100' });
    const note = field({ id: 'outcome-note', label: 'outcome_note', optional: true, tag: 'textarea', rows: '3', maxlength: '500' });
    const stay = el('fieldset', { id: 'outcome-stay' },
      el('legend', { class: 'form-label', i18n: 'outcome_stay' }),
      el('span', { class: 'form-hint', i18n: 'outcome_stay_hint' }),
      radio('outcome-stay', 'outcome-stay-yes', 'yes', 'outcome_stay_yes'),
      radio('outcome-stay', 'outcome-stay-no', 'no', 'outcome_stay_no'));
    const send = el('button', { type: 'submit', class: 'button button-primary', id: 'outcome-send', i18n: 'outcome_send' });
    const form = el('form', { id: 'outcome-form', novalidate: true }, summary.element,
      el('div', { class: 'form-group' }, kind), el('p', { class: 'form-hint', id: 'outcome-kind-hint', i18n: 'outcome_private_hint' }),
      date.group, hours.group, sector.group, note.group, el('div', { class: 'form-group' }, stay), send);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      summary.errors.clear();
      const chosen_kind = form.querySelector('input[name="outcome-kind"]:checked')?.value ?? null;
      const chosen_stay = form.querySelector('input[name="outcome-stay"]:checked')?.value ?? null;
      if (!chosen_kind) summary.errors.add('outcome-kind', 'outcome_kind_missing');
      if (!date.control.value) summary.errors.add('outcome-date', 'outcome_date_missing');
      else if (date.control.value < today_plus(-365) || date.control.value > today_plus(90)) summary.errors.add('outcome-date', 'outcome_date_range');
      const hours_value = hours.control.value === '' ? null : Number(hours.control.value);
      if (hours_value !== null && (!Number.isInteger(hours_value) || hours_value < 1 || hours_value > 60)) summary.errors.add('outcome-hours', 'outcome_hours_invalid');
      if (!chosen_stay) summary.errors.add('outcome-stay', 'outcome_stay_missing');
      if (summary.errors.has_errors) {
        summary.errors.show();
        return;
      }
      const payload = { network_id, kind: chosen_kind, date: date.control.value, stay_as_mentor: chosen_stay === 'yes' };
      if (hours_value !== null) payload.hours_per_week = hours_value;
      if (sector.control.value.trim()) payload.sector = sector.control.value.trim();
      if (note.control.value.trim()) payload.note = note.control.value.trim();
      send.disabled = true;
      try {
        const reply = await socket.request('outcome.report', payload);
        hold(reply.payload);
        done = true;
        render();
        on_reported(payload.stay_as_mentor);
      } catch (error) {
        send.disabled = false;
        show_request_error(summary.errors, error, field_ids);
      }
    });
    return el('details', { class: 'details mt-6', id: 'outcome-report-details' },
      el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: 'outcome_report_open' })),
      el('div', { class: 'details-text' }, form));
  }

  // --- the list ---

  function congratulate_button(outcome) {
    const id = `outcome-${outcome.id}-congratulate`;
    const button = el('button', { type: 'button', class: 'button button-secondary', id, i18n: 'outcome_congratulate',
      'aria-describedby': `outcome-${outcome.id}-line` });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await socket.request('outcome.congratulate', { network_id, outcome_id: outcome.id });
        failures.delete(outcome.id);
      } catch (error) {
        failures.set(outcome.id, describe_socket_error(error).key);
        button.disabled = false;
        render();
      }
    });
    return button;
  }

  function item(outcome) {
    const congratulations = Array.isArray(outcome.congratulations) ? outcome.congratulations : [];
    const mine = outcome.account_id === account.id;
    const given = congratulations.some((entry) => entry.account_id === account.id);
    return el('li', { class: 'kreds-card', id: `outcome-${outcome.id}`, 'data-outcome': outcome.id },
      el('p', { class: 'mb-0', id: `outcome-${outcome.id}-line` },
        el('strong', { i18n: line_keys[outcome.kind] ?? 'outcome_line_other', i18n_values: { name: name_of(outcome) } }),
        outcome.date ? el('span', { i18n: 'outcome_from', i18n_values: { date: format_date(outcome.date) } }) : null),
      outcome.stay_as_mentor ? el('p', { class: 'mb-0' }, el('span', { class: 'badge badge-success', i18n: 'members_alumnus' })) : null,
      congratulations.length
        ? el('p', { id: `outcome-${outcome.id}-congratulations` }, el('span', { i18n: 'outcome_congratulated_by' }), ` ${congratulations.map(name_of).join(', ')}`)
        : null,
      !mine && !given && takes_part ? congratulate_button(outcome) : null,
      given ? el('p', { class: 'form-hint', i18n: 'outcome_you_congratulated' }) : null,
      failures.has(outcome.id) ? el('p', { class: 'form-error-message', role: 'alert', i18n: failures.get(outcome.id) }) : null);
  }

  function render() {
    const sorted = [...outcomes.values()].sort((a, b) => b.id - a.id);
    keeping_focus(element, () => {
      list.replaceChildren(...sorted.map(item));
      none.hidden = sorted.length > 0;
      if (!takes_part) return;
      if (done || sorted.some((outcome) => outcome.account_id === account.id)) {
        if (!report_box.querySelector('#outcome-reported')) {
          report_box.replaceChildren(el('div', { class: 'alert alert-success mt-6', id: 'outcome-reported', tabindex: '-1' },
            el('div', { class: 'alert-body' }, el('p', { class: 'alert-text', i18n: 'outcome_reported' }))));
        }
      } else if (!report_box.querySelector('#outcome-form')) {
        report_box.replaceChildren(report_form());
      }
    });
  }

  function hold(outcome) {
    if (outcome && outcome.network_id === network_id && Number.isInteger(outcome.id)) outcomes.set(outcome.id, outcome);
  }

  async function load() {
    try {
      const reply = await socket.request('outcome.list', { network_id });
      outcomes.clear();
      for (const outcome of reply.payload?.outcomes ?? []) hold(outcome);
      status.clear();
      render();
    } catch (error) {
      status.failed(error);
    }
  }

  socket.on_state((state) => {
    if (state.state === 'online') load();
  });
  socket.on_message((message) => {
    const payload = message.payload ?? {};
    if (message.type === 'outcome.added') {
      const is_new = !outcomes.has(payload.id);
      hold(payload);
      render();
      if (is_new && payload.account_id !== account.id) announce(line_keys[payload.kind] ?? 'outcome_line_other', { name: name_of(payload) });
    } else if (message.type === 'outcome.congratulated' && payload.network_id === network_id) {
      const outcome = outcomes.get(payload.outcome_id);
      if (!outcome) return;
      const congratulations = Array.isArray(outcome.congratulations) ? outcome.congratulations : [];
      if (!congratulations.some((entry) => entry.account_id === payload.account_id)) {
        outcomes.set(outcome.id, { ...outcome, congratulations: [...congratulations, { account_id: payload.account_id, display_name: payload.display_name }] });
        render();
        if (payload.account_id !== account.id && outcome.account_id === account.id) announce('outcome_congratulated_you', { name: name_of(payload) });
      }
    }
  });
  on_language_change(render);
  render();
  return { element };
}
