// The staff-time page (time.html): the month's report — caseworker minutes
// per seeker by track, minutes by action, one's own minutes — with a month
// picker, and the form for a manual time entry. A saved entry in the shown
// month updates the report.
import { api } from '../api.js';
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { create_time_entry_form } from '../caseworker/time_entry_form.js';
import { render_time_report, this_month } from '../caseworker/time_report.js';
import { error_box } from '../ui_kit.js';

const content = document.getElementById('time-content');
const account = await start_role_page('caseworker', content, 'caseworkers_only');
if (account) show_time();

function show_time() {
  const month = el('input', { type: 'month', class: 'form-input input-width-s', id: 'time-month', name: 'month', value: this_month(),
    max: this_month(), 'aria-describedby': 'time-month-hint' });
  const picker = el('form', { novalidate: true, id: 'time-month-form', class: 'kreds-inline-form' },
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: 'time-month', i18n: 'time_month' }),
      el('span', { class: 'form-hint', id: 'time-month-hint', i18n: 'time_month_hint' }), month),
    el('button', { type: 'submit', class: 'button button-secondary', id: 'time-month-submit', i18n: 'time_month_submit' }));
  const report_slot = el('div', { id: 'time-report-slot', 'aria-live': 'polite' }, el('p', { i18n: 'loading' }));
  let shown = this_month();
  let report = null;
  const load = async () => {
    const wanted = /^\d{4}-\d{2}$/.test(month.value) ? month.value : this_month();
    try {
      report = await api('GET', `/api/v1/time-report?month=${wanted}`);
      shown = report?.month ?? wanted;
      report_slot.replaceChildren(render_time_report(report));
    } catch (error) {
      report = null;
      report_slot.replaceChildren(error_box(error));
    }
  };
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  // Month names are written by Intl, not data-i18n: draw again.
  on_language_change(() => {
    if (report) report_slot.replaceChildren(render_time_report(report));
  });
  const entry = create_time_entry_form({
    on_saved: ({ date }) => {
      if (date.slice(0, 7) === shown) load();
    },
  });
  content.replaceChildren(
    el('section', { 'aria-labelledby': 'time-report-heading' },
      el('h2', { id: 'time-report-heading', i18n: 'time_report_heading' }), picker, report_slot),
    el('section', { class: 'mt-7' }, entry));
  load();
}
