// The network's meetings (docs/protocol.md, Meetings): schedule one (time,
// length, place and/or online link, agenda from a template), answer yes / no
// / maybe, download it as a calendar file (.ics), cancel one's own before it
// starts and record who came after it started. Loads with meeting.list on
// every (re)connect; meeting.added and meeting.updated keep it live. Times
// are entered and shown in the browser's own time zone and sent in UTC.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_local_time } from '../format.js';
import {
  create_section_status, error_summary, field, is_web_address, keeping_focus, new_client_id, select_field, show_request_error,
} from './fields.js';
import { name_of } from './people.js';

const templates = ['lead_round', 'goal_review', 'interview_practice', 'setback_preparation'];
const template_keys = {
  lead_round: 'meeting_template_lead_round', goal_review: 'meeting_template_goal_review',
  interview_practice: 'meeting_template_interview_practice', setback_preparation: 'meeting_template_setback_preparation',
};
const durations = [30, 45, 60, 90, 120, 180];
const answers = ['yes', 'maybe', 'no'];
const answer_keys = { yes: 'meeting_answer_yes', maybe: 'meeting_answer_maybe', no: 'meeting_answer_no' };
const field_ids = { starts_at: 'meeting-start', duration_minutes: 'meeting-duration', place: 'meeting-place',
  online_link: 'meeting-link', template: 'meeting-template', agenda: 'meeting-agenda' };

// "2026-12-01T10:00" (a datetime-local value, local time) -> "2026-12-01T09:00:00Z".
export function local_input_to_utc(value) {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// A Date as a datetime-local value in local time, to the minute.
function local_input_value(date) {
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function create_meetings({ socket, network_id, account, announce, member_list }) {
  const takes_part = account.role === 'seeker';
  const meetings = new Map();  // id -> meeting
  const confirming = new Set(); // ids whose cancel asks "are you sure?"
  const status = create_section_status('meetings-status');
  const upcoming = el('ol', { id: 'meeting-upcoming', class: 'nobullet-list kreds-cards', 'aria-labelledby': 'meeting-upcoming-heading' });
  const past = el('ol', { id: 'meeting-past', class: 'nobullet-list kreds-cards', 'aria-labelledby': 'meeting-past-heading' });
  const upcoming_none = el('p', { id: 'meeting-upcoming-none', i18n: 'meetings_none_upcoming' });
  const past_none = el('p', { id: 'meeting-past-none', i18n: 'meetings_none_past' });

  // --- the form ---
  const start = field({ id: 'meeting-start', label: 'meeting_start', hint: 'meeting_start_hint', type: 'datetime-local', class: 'form-input input-width-m', required: true });
  const duration = select_field({ id: 'meeting-duration', label: 'meeting_duration',
    options: durations.map((minutes) => ({ value: String(minutes), label: 'meeting_minutes', values: { minutes } })) });
  duration.control.value = '60';
  const template = select_field({ id: 'meeting-template', label: 'meeting_template', hint: 'meeting_template_hint',
    options: templates.map((value) => ({ value, label: template_keys[value] })) });
  const place = field({ id: 'meeting-place', label: 'meeting_place', hint: 'meeting_place_hint', optional: true, maxlength: '200' });
  const link = field({ id: 'meeting-link', label: 'meeting_link', optional: true, type: 'url', maxlength: '500', inputmode: 'url' });
  const agenda = field({ id: 'meeting-agenda', label: 'meeting_agenda', hint: 'meeting_agenda_hint', optional: true, tag: 'textarea', rows: '4', maxlength: '2000' });
  const summary = error_summary('meeting-form-errors');
  const create_button = el('button', { type: 'submit', class: 'button button-primary', id: 'meeting-create', i18n: 'meeting_create' });
  const form = el('form', { id: 'meeting-form', novalidate: true }, summary.element,
    start.group, duration.group, template.group, place.group, link.group, agenda.group, create_button);
  let create_client_id = null;

  const element = el('section', { id: 'meetings', 'aria-labelledby': 'meetings-heading' },
    el('h2', { id: 'meetings-heading', i18n: 'meetings_heading' }),
    el('p', { i18n: 'meetings_intro' }),
    status.element,
    el('details', { class: 'details', id: 'meeting-create-details' },
      el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: 'meeting_create_open' })),
      el('div', { class: 'details-text' }, form)),
    el('h3', { id: 'meeting-upcoming-heading', class: 'mt-6', i18n: 'meetings_upcoming' }), upcoming_none, upcoming,
    el('h3', { id: 'meeting-past-heading', class: 'mt-6', i18n: 'meetings_past' }), past_none, past);

  // --- one meeting ---

  const may_manage = (meeting) => meeting.created_by?.id === account.id || account.role === 'caseworker';
  const has_started = (meeting) => new Date(meeting.starts_at).getTime() <= Date.now();
  const has_ended = (meeting) => new Date(meeting.ends_at).getTime() <= Date.now();

  function when_text(meeting) {
    const from = format_local_time(meeting.starts_at);
    const to = format_local_time(meeting.ends_at, { timeStyle: 'short' });
    return `${from}–${to}`;
  }

  function rsvp_controls(meeting) {
    const mine = (meeting.rsvps ?? []).find((rsvp) => rsvp.account_id === account.id)?.answer ?? null;
    const result = el('p', { class: 'form-hint', id: `meeting-${meeting.id}-rsvp-result`, role: 'status' });
    const buttons = answers.map((answer) => {
      const button = el('button', { type: 'button', class: 'button button-secondary kreds-toggle', id: `meeting-${meeting.id}-rsvp-${answer}`,
        'aria-pressed': mine === answer ? 'true' : 'false', i18n: answer_keys[answer] });
      button.addEventListener('click', async () => {
        try {
          const reply = await socket.request('meeting.rsvp', { network_id, meeting_id: meeting.id, answer });
          upsert(reply.payload);
        } catch (error) {
          document.getElementById(`meeting-${meeting.id}-rsvp-result`)?.replaceChildren(error_line(error));
        }
      });
      return button;
    });
    return el('div', { role: 'group', 'aria-labelledby': `meeting-${meeting.id}-rsvp-label`, class: 'kreds-rsvp' },
      el('p', { id: `meeting-${meeting.id}-rsvp-label`, class: 'form-label', i18n: 'meeting_rsvp_question' }),
      el('div', { class: 'kreds-button-row' }, ...buttons), result);
  }

  function rsvp_summary(meeting) {
    const rsvps = Array.isArray(meeting.rsvps) ? meeting.rsvps : [];
    return el('ul', { class: 'kreds-rsvp-summary', id: `meeting-${meeting.id}-rsvps` }, ...answers.map((answer) => {
      const names = rsvps.filter((rsvp) => rsvp.answer === answer).map(name_of);
      return el('li', { 'data-answer': answer }, el('span', { i18n: answer_keys[answer] }), ` (${names.length})`,
        names.length ? `: ${names.join(', ')}` : '');
    }));
  }

  function cancel_controls(meeting) {
    const id = `meeting-${meeting.id}-cancel`;
    if (!confirming.has(meeting.id)) {
      const button = el('button', { type: 'button', class: 'button button-tertiary', id, i18n: 'meeting_cancel' });
      button.addEventListener('click', () => {
        confirming.add(meeting.id);
        render();
        document.getElementById(`${id}-no`)?.focus();
      });
      return button;
    }
    const yes = el('button', { type: 'button', class: 'button button-warning', id: `${id}-yes`, i18n: 'meeting_cancel_yes' });
    const no = el('button', { type: 'button', class: 'button button-secondary', id: `${id}-no`, i18n: 'meeting_cancel_no' });
    const result = el('p', { class: 'form-hint', id: `${id}-result`, role: 'status' });
    no.addEventListener('click', () => {
      confirming.delete(meeting.id);
      render();
      document.getElementById(id)?.focus();
    });
    yes.addEventListener('click', async () => {
      try {
        const reply = await socket.request('meeting.cancel', { network_id, meeting_id: meeting.id });
        confirming.delete(meeting.id);
        upsert(reply.payload);
        document.getElementById(`meeting-${meeting.id}-title`)?.focus();
      } catch (error) {
        document.getElementById(`${id}-result`)?.replaceChildren(error_line(error));
      }
    });
    return el('div', { class: 'alert alert-warning', role: 'alert' }, el('div', { class: 'alert-body' },
      el('p', { class: 'alert-text', i18n: 'meeting_cancel_question' }), el('div', { class: 'kreds-button-row' }, yes, no), result));
  }

  function attendance_controls(meeting) {
    const people = member_list().filter((member) => Number.isInteger(member.account_id));
    if (!people.length) return null;
    const present = new Set((meeting.attendance ?? []).filter((entry) => entry.present).map((entry) => entry.account_id));
    const id = `meeting-${meeting.id}-attendance`;
    const boxes = people.map((member) => el('div', { class: 'form-group-checkbox' },
      el('input', { type: 'checkbox', class: 'form-checkbox', id: `${id}-${member.account_id}`, value: String(member.account_id),
        checked: present.has(member.account_id) }),
      el('label', { class: 'form-label', for: `${id}-${member.account_id}` }, name_of(member))));
    const save = el('button', { type: 'submit', class: 'button button-secondary', id: `${id}-save`, i18n: 'meeting_attendance_save' });
    const result = el('p', { class: 'form-hint', id: `${id}-result`, role: 'status' });
    const form = el('form', { id: `${id}-form`, novalidate: true },
      el('fieldset', {}, el('legend', { class: 'form-label', i18n: 'meeting_attendance_legend' }), ...boxes), save, result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = [...form.querySelectorAll('input[type=checkbox]:checked')].map((box) => Number(box.value));
      try {
        const reply = await socket.request('meeting.attendance', { network_id, meeting_id: meeting.id, present: chosen });
        upsert(reply.payload);
        document.getElementById(`${id}-result`)?.replaceChildren(el('span', { i18n: 'meeting_attendance_saved' }));
      } catch (error) {
        document.getElementById(`${id}-result`)?.replaceChildren(error_line(error));
      }
    });
    return el('details', { class: 'details', id: `${id}-details` },
      el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: 'meeting_attendance_open' })),
      el('div', { class: 'details-text' }, form));
  }

  function meeting_item(meeting) {
    const id = `meeting-${meeting.id}`;
    const cancelled = Boolean(meeting.cancelled_at);
    const attended = (meeting.attendance ?? []).filter((entry) => entry.present).map(name_of);
    return el('li', { class: 'kreds-card', id, 'data-meeting': meeting.id },
      el('h4', { class: 'kreds-card-title', id: `${id}-title`, tabindex: '-1' }, String(meeting.title ?? '')),
      cancelled ? el('p', { class: 'kreds-cancelled', id: `${id}-cancelled` }, el('strong', { i18n: 'meeting_cancelled' })) : null,
      el('p', { id: `${id}-when` }, el('time', { datetime: String(meeting.starts_at ?? '') }, when_text(meeting))),
      meeting.place ? el('p', {}, el('span', { i18n: 'meeting_place_is' }), ' ', String(meeting.place)) : null,
      meeting.online_link && is_web_address(meeting.online_link)
        ? el('p', {}, el('a', { href: String(meeting.online_link), rel: 'noopener noreferrer nofollow', id: `${id}-online` },
          el('span', { i18n: 'meeting_join_online' }), el('span', { class: 'sr-only' }, `: ${String(meeting.title ?? '')}`)))
        : null,
      meeting.agenda ? el('div', { class: 'kreds-agenda' }, el('p', { class: 'mb-0' }, el('strong', { i18n: 'meeting_agenda_is' })),
        el('p', { class: 'kreds-introduction mt-0' }, String(meeting.agenda))) : null,
      el('p', { class: 'kreds-card-meta' }, el('span', { i18n: 'meeting_created_by', i18n_values: { name: name_of(meeting.created_by) } })),
      rsvp_summary(meeting),
      attended.length ? el('p', {}, el('span', { i18n: 'meeting_attended' }), ` ${attended.join(', ')}`) : null,
      meeting.attendance_recorded_by ? el('p', { class: 'kreds-card-meta', id: `${id}-recorded-by` }, el('span', {
        i18n: 'meeting_attendance_recorded_by', i18n_values: { name: name_of(meeting.attendance_recorded_by) } })) : null,
      takes_part && !cancelled && !has_ended(meeting) ? rsvp_controls(meeting) : null,
      el('p', {}, el('a', { class: 'button button-secondary', id: `${id}-ics`, download: `kreds-meeting-${meeting.id}.ics`,
        href: `/api/v1/networks/${network_id}/meetings/${meeting.id}.ics` },
        el('span', { i18n: 'meeting_ics' }), el('span', { class: 'sr-only' }, `: ${String(meeting.title ?? '')}`))),
      may_manage(meeting) && !cancelled && !has_started(meeting) ? cancel_controls(meeting) : null,
      may_manage(meeting) && !cancelled && has_started(meeting) ? attendance_controls(meeting) : null);
  }

  // --- the lists ---

  let phases = '';
  function render() {
    phases = [...meetings.values()].map((meeting) => `${meeting.id}:${has_started(meeting)}:${has_ended(meeting)}`).join();
    keeping_focus(element, () => {
      const all = [...meetings.values()];
      const coming = all.filter((meeting) => !has_ended(meeting)).sort((a, b) => String(a.starts_at).localeCompare(String(b.starts_at)));
      const gone = all.filter(has_ended).sort((a, b) => String(b.starts_at).localeCompare(String(a.starts_at))).slice(0, 20);
      upcoming.replaceChildren(...coming.map(meeting_item));
      past.replaceChildren(...gone.map(meeting_item));
      upcoming_none.hidden = coming.length > 0;
      past_none.hidden = gone.length > 0;
    });
  }

  function upsert(meeting) {
    if (!meeting || meeting.network_id !== network_id || !Number.isInteger(meeting.id)) return false;
    const is_new = !meetings.has(meeting.id);
    meetings.set(meeting.id, meeting);
    render();
    return is_new;
  }

  async function load() {
    try {
      const reply = await socket.request('meeting.list', { network_id });
      meetings.clear();
      for (const meeting of [...(reply.payload?.upcoming ?? []), ...(reply.payload?.past ?? [])]) {
        if (meeting && Number.isInteger(meeting.id)) meetings.set(meeting.id, meeting);
      }
      status.clear();
      render();
    } catch (error) {
      status.failed(error);
    }
  }

  function error_line(error) {
    const key = error?.code === 'offline' || error?.code === 'timeout' ? 'network_error_offline'
      : error?.code === 'conflict' ? 'network_error_conflict' : 'error_generic';
    return el('span', { class: 'form-error-message', i18n: key });
  }

  // --- scheduling ---

  start.control.addEventListener('focus', () => {
    start.control.min = local_input_value(new Date());
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.errors.clear();
    const starts_at = local_input_to_utc(start.control.value);
    const starts = starts_at ? new Date(starts_at).getTime() : NaN;
    if (!starts_at) summary.errors.add('meeting-start', 'meeting_start_missing');
    else if (starts <= Date.now()) summary.errors.add('meeting-start', 'meeting_start_past');
    else if (starts > Date.now() + 365 * 24 * 3600 * 1000) summary.errors.add('meeting-start', 'meeting_start_far');
    const place_text = place.control.value.trim();
    const link_text = link.control.value.trim();
    if (!place_text && !link_text) summary.errors.add('meeting-place', 'meeting_place_missing');
    if (link_text && !is_web_address(link_text)) summary.errors.add('meeting-link', 'meeting_link_invalid');
    if (summary.errors.has_errors) {
      summary.errors.show();
      return;
    }
    const payload = { network_id, client_id: create_client_id ??= new_client_id(), starts_at,
      duration_minutes: Number(duration.control.value), template: template.control.value };
    if (place_text) payload.place = place_text;
    if (link_text) payload.online_link = link_text;
    if (agenda.control.value.trim()) payload.agenda = agenda.control.value.trim();
    create_button.disabled = true;
    try {
      const reply = await socket.request('meeting.create', payload);
      create_client_id = null;
      form.reset();
      duration.control.value = '60';
      upsert(reply.payload);
      announce('meeting_created_done');
      document.getElementById(`meeting-${reply.payload?.id}-title`)?.focus();
    } catch (error) {
      show_request_error(summary.errors, error, field_ids);
    } finally {
      create_button.disabled = false;
    }
  });

  socket.on_state((state) => {
    if (state.state === 'online') load();
  });
  socket.on_message((message) => {
    if (message.type !== 'meeting.added' && message.type !== 'meeting.updated') return;
    if (upsert(message.payload) && message.payload.created_by?.id !== account.id) {
      announce('meeting_added_by', { name: name_of(message.payload.created_by), title: String(message.payload.title ?? '') });
    }
  });
  on_language_change(render);
  // Meetings move from upcoming to past as time goes by.
  setInterval(() => {
    const now = [...meetings.values()].map((meeting) => `${meeting.id}:${has_started(meeting)}:${has_ended(meeting)}`).join();
    if (now !== phases) render();
  }, 30000);

  return { element };
}
