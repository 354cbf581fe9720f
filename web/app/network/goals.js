// Weekly goals and check-ins (docs/protocol.md, Weekly goals and check-ins):
// the reader sets 1–5 goals for this week or next and checks in at the end
// of the week; the network sees each member's progress as self-recorded
// activity (how many goals, how many met, checked in or not) and the
// reader's buddies' goals and notes. Loads with goal.list on every
// (re)connect and again when a goal.progress event concerns the week shown.
import { el } from '../dom.js';
import { on_language_change, t } from '../i18n.js';
import { create_section_status, error_summary, field, keeping_focus, select_field, show_request_error } from './fields.js';
import { name_of } from './people.js';
import { add_weeks, monday_of, week_number } from './weeks.js';

const kinds = ['applications', 'contacts', 'course', 'other'];
const kind_keys = { applications: 'goal_kind_applications', contacts: 'goal_kind_contacts', course: 'goal_kind_course', other: 'goal_kind_other' };
const max_goals = 5;

export function create_goals({ socket, network_id, account }) {
  const takes_part = account.role === 'seeker';
  const this_week = () => monday_of();
  let week = this_week();
  let board = null;            // goal.board payload of `week`
  let mine = null;             // the reader's week_goals of `week`, when known
  let reload_timer = null;

  const status = create_section_status('goals-status');
  const week_select = select_field({ id: 'goal-week', label: 'goal_week_label', options: [] });
  const mine_box = el('div', { id: 'goal-mine' });
  const forms_box = el('div', { id: 'goal-forms' });
  const network_box = el('div', { id: 'goal-network' });
  const buddies_box = el('div', { id: 'goal-buddies' });
  const element = el('section', { id: 'goals', 'aria-labelledby': 'goals-heading' },
    el('h2', { id: 'goals-heading', i18n: 'goals_heading' }),
    el('p', { i18n: 'goals_intro' }),
    status.element,
    week_select.group,
    takes_part ? mine_box : null, takes_part ? forms_box : null,
    el('h3', { id: 'goal-network-heading', class: 'mt-6', i18n: 'goals_network_heading' }), network_box, buddies_box);

  // --- weeks ---

  function week_options() {
    const now = this_week();
    const weeks = [[add_weeks(now, -1), 'goal_week_last'], [now, 'goal_week_this'], [add_weeks(now, 1), 'goal_week_next']];
    week_select.control.replaceChildren(...weeks.map(([value, key]) =>
      el('option', { value, i18n: key, i18n_values: { number: week_number(value) } })));
    week_select.control.value = week;
  }

  week_select.control.addEventListener('change', () => {
    week = week_select.control.value;
    board = null;
    mine = null;
    render();
    load();
  });

  // --- showing ---

  function goal_line(goal) {
    const text = goal.text ? ` – ${String(goal.text)}` : '';
    return el('li', { 'data-goal': goal.id ?? null },
      el('span', { i18n: kind_keys[goal.kind] ?? 'goal_kind_other' }), `: ${Number(goal.target)}`, text,
      Number.isInteger(goal.done) ? el('span', { class: 'kreds-goal-done', i18n: 'goal_done_of', i18n_values: { done: goal.done, target: goal.target } }) : null);
  }

  function render_mine() {
    const own = mine ?? (board?.members ?? []).find((member) => member.account_id === account.id) ?? null;
    const goals = Array.isArray(own?.goals) ? own.goals : [];
    const checked_in = Boolean(mine ? mine.checked_in_at : own?.checked_in);
    const children = [el('h3', { id: 'goal-mine-heading', i18n: 'goals_mine_heading', i18n_values: { number: week_number(week) } })];
    if (!goals.length) children.push(el('p', { id: 'goal-mine-none', i18n: 'goals_mine_none' }));
    else children.push(el('ul', { id: 'goal-mine-list', 'aria-labelledby': 'goal-mine-heading' }, ...goals.map(goal_line)));
    if (checked_in) children.push(el('p', { id: 'goal-mine-checked-in', class: 'kreds-goal-checked-in', i18n: 'goals_checked_in' }));
    if (own?.note) children.push(el('p', { class: 'kreds-introduction' }, el('span', { i18n: 'goal_note_is' }), ' ', String(own.note)));
    mine_box.replaceChildren(...children);
    return { goals, checked_in };
  }

  function set_form(goals) {
    const summary = error_summary('goal-form-errors');
    const rows = el('div', { id: 'goal-rows' });
    const add = el('button', { type: 'button', class: 'button button-secondary', id: 'goal-add', i18n: 'week_goal_add' });
    const save = el('button', { type: 'submit', class: 'button button-primary', id: 'goal-save', i18n: 'goal_save' });
    const form = el('form', { id: 'goal-form', novalidate: true }, summary.element, rows, el('p', {}, add), save);

    function row(goal, index) {
      const kind = select_field({ id: `goal-kind-${index}`, label: 'week_goal_kind', options: kinds.map((value) => ({ value, label: kind_keys[value] })) });
      kind.control.value = goal?.kind ?? 'applications';
      const target = field({ id: `goal-target-${index}`, label: 'goal_target', hint: 'goal_target_hint', type: 'number',
        min: '1', max: '50', inputmode: 'numeric', class: 'form-input input-width-xs' });
      target.control.value = String(goal?.target ?? 1);
      const text = field({ id: `goal-text-${index}`, label: 'goal_text', optional: true, maxlength: '200', autocomplete: 'off' });
      text.control.value = goal?.text ?? '';
      const remove = el('button', { type: 'button', class: 'button button-tertiary', id: `goal-remove-${index}`,
        i18n: 'week_goal_remove', i18n_values: { number: index + 1 } });
      remove.addEventListener('click', () => {
        const kept = read_rows().filter((_, at) => at !== index);
        fill_rows(kept.length ? kept : [null]);
        document.getElementById(`goal-kind-${Math.min(index, kept.length - 1, max_goals - 1)}`)?.focus();
      });
      return el('fieldset', { class: 'kreds-goal', id: `goal-row-${index}` },
        el('legend', { class: 'h4', i18n: 'week_goal_legend', i18n_values: { number: index + 1 } }),
        kind.group, target.group, text.group, remove);
    }

    function read_rows() {
      return [...rows.children].map((_, index) => ({
        kind: document.getElementById(`goal-kind-${index}`).value,
        target: document.getElementById(`goal-target-${index}`).value,
        text: document.getElementById(`goal-text-${index}`).value,
      }));
    }

    function fill_rows(list) {
      rows.replaceChildren(...list.map(row));
      add.hidden = list.length >= max_goals;
      for (const button of rows.querySelectorAll('[id^="goal-remove-"]')) button.hidden = list.length === 1;
    }

    add.addEventListener('click', () => {
      const list = read_rows();
      if (list.length >= max_goals) return;
      fill_rows([...list, null]);
      document.getElementById(`goal-kind-${list.length}`)?.focus();
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      summary.errors.clear();
      const list = read_rows().map((goal, index) => ({ ...goal, index, target: Number(goal.target), text: goal.text.trim() }));
      for (const goal of list) {
        if (!Number.isInteger(goal.target) || goal.target < 1 || goal.target > 50) summary.errors.add(`goal-target-${goal.index}`, 'goal_target_invalid', { number: goal.index + 1 });
      }
      if (summary.errors.has_errors) {
        summary.errors.show();
        return;
      }
      save.disabled = true;
      try {
        const reply = await socket.request('goal.set', { network_id, week,
          goals: list.map((goal) => (goal.text ? { kind: goal.kind, target: goal.target, text: goal.text } : { kind: goal.kind, target: goal.target })) });
        mine = reply.payload ?? null;
        render();
        document.getElementById('goal-mine-heading')?.setAttribute('tabindex', '-1');
        document.getElementById('goal-mine-heading')?.focus();
        load();
      } catch (error) {
        save.disabled = false;
        show_request_error(summary.errors, error, {});
      }
    });

    fill_rows(goals.length ? goals : [null]);
    return el('details', { class: 'details', id: 'goal-set-details', open: goals.length ? null : true },
      el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: goals.length ? 'goal_change' : 'goal_set' })),
      el('div', { class: 'details-text' }, form));
  }

  function checkin_form(goals, checked_in) {
    const own = mine ?? (board?.members ?? []).find((member) => member.account_id === account.id) ?? null;
    const summary = error_summary('goal-checkin-errors');
    const inputs = goals.map((goal) => {
      const done = field({ id: `goal-done-${goal.id}`, label: 'goal_done_label', label_values: { goal: goal_kind_text(goal) }, hint: 'goal_done_hint',
        hint_values: { target: goal.target }, type: 'number', min: '0', max: '1000', inputmode: 'numeric', class: 'form-input input-width-xs' });
      done.control.value = Number.isInteger(goal.done) ? String(goal.done) : '';
      return { goal, ...done };
    });
    const note = field({ id: 'goal-note', label: 'goal_note', hint: 'goal_note_hint', optional: true, tag: 'textarea', rows: '3', maxlength: '500' });
    note.control.value = own?.note ?? '';
    const save = el('button', { type: 'submit', class: 'button button-primary', id: 'goal-checkin-save', i18n: checked_in ? 'goal_checkin_again' : 'goal_checkin' });
    const form = el('form', { id: 'goal-checkin-form', novalidate: true }, summary.element, ...inputs.map((input) => input.group), note.group, save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      summary.errors.clear();
      for (const input of inputs) {
        const done = Number(input.control.value);
        if (input.control.value === '' || !Number.isInteger(done) || done < 0 || done > 1000) summary.errors.add(input.control.id, 'goal_done_invalid');
      }
      if (summary.errors.has_errors) {
        summary.errors.show();
        return;
      }
      const payload = { network_id, week, results: inputs.map((input) => ({ goal_id: input.goal.id, done: Number(input.control.value) })) };
      if (note.control.value.trim()) payload.note = note.control.value.trim();
      save.disabled = true;
      try {
        const reply = await socket.request('goal.checkin', payload);
        mine = reply.payload ?? null;
        render();
        document.getElementById('goal-mine-heading')?.setAttribute('tabindex', '-1');
        document.getElementById('goal-mine-heading')?.focus();
        load();
      } catch (error) {
        save.disabled = false;
        show_request_error(summary.errors, error, { note: 'goal-note' });
      }
    });
    return el('section', { id: 'goal-checkin', 'aria-labelledby': 'goal-checkin-heading', class: 'mt-5' },
      el('h3', { id: 'goal-checkin-heading', i18n: checked_in ? 'goal_checkin_again_heading' : 'goal_checkin_heading' }),
      el('p', { i18n: 'goal_checkin_intro' }), form);
  }

  function goal_kind_text(goal) {
    return t(kind_keys[goal.kind] ?? 'goal_kind_other') + (goal.text ? ` (${String(goal.text)})` : '');
  }

  function render_forms(goals, checked_in) {
    const now = this_week();
    const forms = [];
    if ((week === now || week === add_weeks(now, 1)) && !checked_in) forms.push(set_form(goals));
    if ((week === now || week === add_weeks(now, -1)) && goals.length && goals.every((goal) => Number.isInteger(goal.id))) {
      forms.push(checkin_form(goals, checked_in));
    }
    if (!forms.length && !goals.length) forms.push(el('p', { i18n: 'goals_past_week' }));
    forms_box.replaceChildren(...forms);
  }

  function render_network() {
    const members = Array.isArray(board?.members) ? board.members : [];
    if (!board) {
      network_box.replaceChildren();
      buddies_box.replaceChildren();
      return;
    }
    network_box.replaceChildren(el('table', { class: 'table table--compact', id: 'goal-table' },
      el('caption', { class: 'sr-only', i18n: 'goals_network_caption', i18n_values: { number: week_number(week) } }),
      el('thead', {}, el('tr', {}, ...['goals_col_member', 'goals_col_set', 'goals_col_met', 'goals_col_checked_in'].map((key) => el('th', { scope: 'col', i18n: key })))),
      el('tbody', {}, ...members.map((member) => el('tr', { 'data-account': member.account_id },
        el('th', { scope: 'row' }, name_of(member), member.account_id === account.id ? el('span', { i18n: 'network_you' }) : null),
        el('td', {}, String(member.goals_set ?? 0)),
        el('td', {}, String(member.goals_met ?? 0)),
        el('td', { i18n: member.checked_in ? 'goals_yes' : 'goals_not_yet' }))))));
    // The buddies' goals (the server sends them to buddies only).
    const buddies = members.filter((member) => member.account_id !== account.id && Array.isArray(member.goals) && member.goals.length);
    buddies_box.replaceChildren(...buddies.map((member) => el('div', { class: 'kreds-buddy-goals', 'data-account': member.account_id },
      el('h4', { i18n: 'goals_buddy_heading', i18n_values: { name: name_of(member) } }),
      el('ul', {}, ...member.goals.map(goal_line)),
      member.note ? el('p', { class: 'kreds-introduction' }, el('span', { i18n: 'goal_note_is' }), ' ', String(member.note)) : null)));
  }

  // The forms are rebuilt only when the reader's own goals change, so that
  // another member's check-in does not wipe what the reader is typing.
  let forms_shown_for = null;
  function render({ forms = false } = {}) {
    keeping_focus(element, () => {
      week_options();
      if (takes_part) {
        const { goals, checked_in } = render_mine();
        const own = JSON.stringify([week, goals, checked_in]);
        if (forms || own !== forms_shown_for) {
          forms_shown_for = own;
          render_forms(goals, checked_in);
        }
      }
      render_network();
    });
  }

  // --- loading ---

  async function load() {
    const asked = week;
    try {
      const reply = await socket.request('goal.list', { network_id, week: asked });
      if (asked !== week) return;
      board = reply.payload ?? null;
      // The board is newer than a reply kept from goal.set or goal.checkin.
      const own = (board?.members ?? []).find((member) => member.account_id === account.id);
      if (own && Array.isArray(own.goals)) mine = null;
      status.clear();
      render();
    } catch (error) {
      status.failed(error);
    }
  }

  function reload_soon() {
    clearTimeout(reload_timer);
    reload_timer = setTimeout(() => {
      if (socket.is_online()) load();
    }, 300);
  }

  socket.on_state((state) => {
    if (state.state !== 'online') return;
    // A page left open over a weekend moves on with the calendar.
    const now = this_week();
    if (![add_weeks(now, -1), now, add_weeks(now, 1)].includes(week)) week = now;
    load();
  });
  socket.on_message((message) => {
    if (message.type === 'goal.progress' && message.payload?.network_id === network_id && message.payload?.week === week) reload_soon();
  });
  on_language_change(() => render({ forms: true }));
  render();

  return { element };
}
