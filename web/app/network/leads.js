// The network's job-lead board (docs/protocol.md, Job leads): share a lead,
// mark one's own status on each (interested / applied / interview / got the
// job), see everyone's marks and who has shared what (credit for sharing).
// Loads with lead.list on every (re)connect, updates live from lead.added
// and lead.updated; each lead is one <li> kept by id, so nothing shows twice
// and the focus stays where it was. All lead text is user content: text only.
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { format_date, format_time } from '../format.js';
import {
  create_section_status, error_summary, field, is_web_address, keeping_focus, new_client_id, select_field, show_request_error,
} from './fields.js';
import { name_of } from './people.js';

const statuses = ['interested', 'applied', 'interview', 'got_job'];
const status_keys = { interested: 'lead_status_interested', applied: 'lead_status_applied', interview: 'lead_status_interview', got_job: 'lead_status_got_job' };
const field_ids = { title: 'lead-title', employer: 'lead-employer', link: 'lead-link', deadline: 'lead-deadline', note: 'lead-note' };

export function create_leads({ socket, network_id, account, announce }) {
  const leads = new Map();     // id -> lead
  const items = new Map();     // id -> <li>
  let credit = [];
  let refresh_timer = null;

  const status = create_section_status('leads-status');
  const list = el('ol', { id: 'lead-list', class: 'nobullet-list kreds-cards', 'aria-labelledby': 'lead-list-heading' });
  const empty = el('p', { id: 'lead-empty', i18n: 'leads_empty', hidden: true });
  const credit_box = el('div', { id: 'lead-credit-box' });
  // The board comes a page at a time (newest first); older pages on request.
  const older_button = el('button', { type: 'button', class: 'button button-secondary', id: 'lead-older', i18n: 'leads_older', hidden: true });

  // --- the share form ---
  const title = field({ id: 'lead-title', label: 'lead_title', maxlength: '200', autocomplete: 'off', required: true });
  const employer = field({ id: 'lead-employer', label: 'lead_employer', optional: true, maxlength: '200', autocomplete: 'organization' });
  const link = field({ id: 'lead-link', label: 'lead_link', hint: 'lead_link_hint', optional: true, type: 'url', maxlength: '500', inputmode: 'url' });
  const deadline = field({ id: 'lead-deadline', label: 'lead_deadline', optional: true, type: 'date', class: 'form-input input-width-s' });
  const note = field({ id: 'lead-note', label: 'lead_note', hint: 'lead_note_hint', optional: true, tag: 'textarea', rows: '3', maxlength: '1000' });
  const summary = error_summary('lead-form-errors');
  const share_button = el('button', { type: 'submit', class: 'button button-primary', id: 'lead-share', i18n: 'lead_share' });
  const form = el('form', { id: 'lead-form', novalidate: true }, summary.element,
    title.group, employer.group, link.group, deadline.group, note.group, share_button);
  const share_details = el('details', { class: 'details', id: 'lead-share-details' },
    el('summary', { class: 'details-summary' }, el('span', { class: 'details-summary-text', i18n: 'lead_share_open' })),
    el('div', { class: 'details-text' }, form));
  let share_client_id = null;

  const element = el('section', { id: 'leads', 'aria-labelledby': 'leads-heading' },
    el('h2', { id: 'leads-heading', i18n: 'leads_heading' }),
    el('p', { i18n: 'leads_intro' }),
    status.element,
    share_details,
    el('h3', { id: 'lead-list-heading', class: 'mt-6', i18n: 'leads_board' }), empty, list, older_button,
    el('h3', { id: 'lead-credit-heading', class: 'mt-6', i18n: 'leads_credit_heading' }), credit_box);

  // --- showing ---

  function marks_text(lead) {
    const marks = (Array.isArray(lead.marks) ? lead.marks : []).filter((mark) => statuses.includes(mark.status));
    if (!marks.length) return el('p', { class: 'form-hint', id: `lead-${lead.id}-marks`, i18n: 'lead_no_marks' });
    return el('ul', { class: 'kreds-lead-marks', id: `lead-${lead.id}-marks` },
      ...marks.map((mark) => el('li', { 'data-account': mark.account_id },
        el('span', {}, name_of(mark)), el('span', { i18n: 'lead_mark_separator' }), el('span', { i18n: status_keys[mark.status] }))));
  }

  function my_status(lead) {
    const mine = (lead.marks ?? []).find((mark) => mark.account_id === account.id);
    return mine && statuses.includes(mine.status) ? mine.status : 'none';
  }

  function mark_form(lead) {
    const id = `lead-${lead.id}-mark`;
    const select = select_field({ id, label: 'lead_my_status', options: [
      { value: 'none', label: 'lead_status_none' }, ...statuses.map((value) => ({ value, label: status_keys[value] }))] });
    select.control.value = my_status(lead);
    const save = el('button', { type: 'submit', class: 'button button-secondary', id: `${id}-save`, i18n: 'lead_mark_save',
      'aria-describedby': `lead-${lead.id}-title` });
    const result = el('p', { class: 'form-hint', id: `${id}-result`, role: 'status' });
    const form = el('form', { class: 'kreds-inline-form', id: `${id}-form`, novalidate: true }, select.group, save, result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        const reply = await socket.request('lead.mark', { network_id, lead_id: lead.id, status: select.control.value });
        upsert(reply.payload);
        document.getElementById(`${id}-result`)?.replaceChildren(el('span', { i18n: 'lead_mark_saved' }));
      } catch (error) {
        save.disabled = false;
        const { key, values } = error_text(error);
        result.replaceChildren(el('span', { class: 'form-error-message', i18n: key, i18n_values: values }));
      }
    });
    return form;
  }

  function fill(item, lead) {
    const details = [];
    if (lead.employer) details.push(el('p', { class: 'kreds-lead-employer' }, String(lead.employer)));
    if (lead.deadline) details.push(el('p', {}, el('span', { i18n: 'lead_deadline_is' }), ' ', format_date(lead.deadline)));
    if (lead.link && is_web_address(lead.link)) {
      details.push(el('p', {}, el('a', { href: String(lead.link), rel: 'noopener noreferrer nofollow', class: 'kreds-lead-link',
        id: `lead-${lead.id}-link` }, el('span', { i18n: 'lead_open_link' }), el('span', { class: 'sr-only' }, `: ${String(lead.title ?? '')}`))));
    } else if (lead.link) {
      details.push(el('p', {}, String(lead.link)));
    }
    if (lead.note) details.push(el('p', { class: 'kreds-introduction' }, String(lead.note)));
    item.replaceChildren(
      el('h4', { class: 'kreds-card-title', id: `lead-${lead.id}-title` }, String(lead.title ?? '')),
      ...details,
      el('p', { class: 'kreds-card-meta' }, el('span', { i18n: 'lead_shared_by', i18n_values: { name: name_of(lead.shared_by) } }),
        lead.shared_at ? el('span', {}, ` · ${format_time(lead.shared_at, false)}`) : null),
      marks_text(lead),
      mark_form(lead));
  }

  function upsert(lead) {
    if (!lead || lead.network_id !== network_id || !Number.isInteger(lead.id)) return false;
    const is_new = !leads.has(lead.id);
    leads.set(lead.id, lead);
    let item = items.get(lead.id);
    if (!item) {
      item = el('li', { class: 'kreds-card', id: `lead-${lead.id}`, 'data-lead': lead.id });
      items.set(lead.id, item);
      // Newest first: leads have increasing ids.
      const before = [...list.children].find((other) => Number(other.dataset.lead) < lead.id) ?? null;
      list.insertBefore(item, before);
    }
    keeping_focus(item, () => fill(item, lead));
    empty.hidden = leads.size > 0;
    return is_new;
  }

  function render_credit() {
    const rows = (Array.isArray(credit) ? credit : []).filter((entry) => entry && Number(entry.shared) > 0);
    if (!rows.length) {
      credit_box.replaceChildren(el('p', { id: 'lead-credit-none', i18n: 'leads_credit_none' }));
      return;
    }
    credit_box.replaceChildren(el('table', { class: 'table table--compact', id: 'lead-credit' },
      el('caption', { class: 'sr-only', i18n: 'leads_credit_heading' }),
      el('thead', {}, el('tr', {}, ...['leads_credit_member', 'leads_credit_shared', 'leads_credit_used'].map((key) => el('th', { scope: 'col', i18n: key })))),
      el('tbody', {}, ...rows.map((entry) => el('tr', { 'data-account': entry.account_id },
        el('th', { scope: 'row' }, name_of(entry)), el('td', {}, String(entry.shared ?? 0)), el('td', {}, String(entry.used_by_others ?? 0)))))));
  }

  function render_all() {
    for (const lead of leads.values()) keeping_focus(items.get(lead.id), () => fill(items.get(lead.id), lead));
    render_credit();
  }

  // --- loading ---

  async function load_older() {
    const oldest = Math.min(...leads.keys());
    if (!Number.isFinite(oldest)) return;
    older_button.disabled = true;
    try {
      const reply = await socket.request('lead.list', { network_id, before: oldest });
      const board = reply.payload ?? {};
      for (const lead of board.leads ?? []) upsert(lead);
      older_button.hidden = board.older !== true;
      status.clear();
    } catch (error) {
      status.failed(error);
    } finally {
      older_button.disabled = false;
    }
  }
  older_button.addEventListener('click', load_older);

  async function load() {
    try {
      const reply = await socket.request('lead.list', { network_id });
      const board = reply.payload ?? {};
      older_button.hidden = board.older !== true;
      const fresh = new Set();
      for (const lead of [...(board.leads ?? [])].reverse()) {
        upsert(lead);
        fresh.add(lead.id);
      }
      // Older pages loaded with the button stay: only the newest page's range is replaced.
      const oldest_fresh = fresh.size > 0 ? Math.min(...fresh) : Infinity;
      for (const [id, item] of items) {
        if (fresh.has(id) || (board.older === true && id < oldest_fresh)) continue;
        item.remove();
        items.delete(id);
        leads.delete(id);
      }
      credit = board.credit ?? [];
      render_credit();
      empty.hidden = leads.size > 0;
      status.clear();
    } catch (error) {
      status.failed(error);
    }
  }

  // Credit comes with the board: ask again shortly after live changes.
  function refresh_soon() {
    clearTimeout(refresh_timer);
    refresh_timer = setTimeout(() => {
      if (socket.is_online()) load();
    }, 500);
  }

  function error_text(error) {
    return error?.code === 'rate_limited'
      ? { key: 'chat_rate_limited', values: { seconds: error.retry_after_seconds ?? 60 } }
      : error?.code === 'offline' || error?.code === 'timeout' ? { key: 'network_error_offline', values: null } : { key: 'error_generic', values: null };
  }

  // --- sharing ---

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.errors.clear();
    const value = (control) => control.value.trim();
    if (!value(title.control)) summary.errors.add('lead-title', 'lead_title_missing');
    if (value(link.control) && !is_web_address(value(link.control))) summary.errors.add('lead-link', 'lead_link_invalid');
    if (summary.errors.has_errors) {
      summary.errors.show();
      return;
    }
    const payload = { network_id, client_id: share_client_id ??= new_client_id(), title: value(title.control) };
    if (value(employer.control)) payload.employer = value(employer.control);
    if (value(link.control)) payload.link = value(link.control);
    if (deadline.control.value) payload.deadline = deadline.control.value;
    if (value(note.control)) payload.note = value(note.control);
    share_button.disabled = true;
    try {
      const reply = await socket.request('lead.share', payload);
      share_client_id = null;
      form.reset();
      upsert(reply.payload);
      refresh_soon();
      announce('lead_shared_done');
      document.getElementById(`lead-${reply.payload?.id}-title`)?.setAttribute('tabindex', '-1');
      document.getElementById(`lead-${reply.payload?.id}-title`)?.focus();
    } catch (error) {
      show_request_error(summary.errors, error, field_ids);
    } finally {
      share_button.disabled = false;
    }
  });

  socket.on_state((state) => {
    if (state.state === 'online') load();
  });
  socket.on_message((message) => {
    if (message.type !== 'lead.added' && message.type !== 'lead.updated') return;
    const lead = message.payload;
    if (upsert(lead) && lead.shared_by?.id !== account.id) {
      announce('lead_added_by', { name: name_of(lead.shared_by), title: String(lead.title ?? '') });
    }
    refresh_soon();
  });
  on_language_change(render_all);
  render_credit();

  return { element };
}
