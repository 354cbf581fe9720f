// The pilot settings screen (pilot_settings.html), for the admin: who last
// changed the settings and when, the form (GET and PUT
// /api/v1/pilot-settings) and, read-only, the last run of the retention
// job and the history of changes. After a save the screen shows the server's answer, a success
// message that takes the focus, and the new "changed at/by" line.
import { api } from '../api.js';
import { el } from '../dom.js';
import { on_language_change, translate } from '../i18n.js';
import { format_time } from '../format.js';
import { start_role_page } from '../role_page.js';
import { render_history } from '../pilot_settings/history.js';
import { render_retention_run } from '../pilot_settings/retention_run.js';
import { create_settings_form } from '../pilot_settings/settings_form.js';
import { error_box } from '../ui_kit.js';

const content = document.getElementById('settings-content');
const account = await start_role_page('admin', content, 'settings_admins_only');
if (account) show_settings();

function changed_line(element, answer) {
  if (!answer?.changed_at) return translate(element, 'settings_never_changed');
  const at = format_time(answer.changed_at);
  return answer.changed_by ? translate(element, 'settings_changed', { at, by: String(answer.changed_by) })
    : translate(element, 'settings_changed_at', { at });
}

async function show_settings() {
  const changed = el('p', { id: 'settings-changed' });
  const saved_slot = el('div', { id: 'settings-saved-slot' });
  const form_slot = el('div', { id: 'settings-form-slot' });
  const retention_slot = el('div', { id: 'retention-run-slot' });
  const history_slot = el('div', { id: 'settings-history-slot' });
  let answer = null;
  let form = null;

  const render = (next) => {
    answer = next;
    changed_line(changed, answer);
    form = create_settings_form(answer.settings, { on_saved: saved });
    form_slot.replaceChildren(form.element);
    retention_slot.replaceChildren(render_retention_run(answer.last_retention_run));
    history_slot.replaceChildren(render_history(answer.history));
  };

  function saved(next) {
    render(next);
    const line = changed_line(el('p', { class: 'alert-text', id: 'settings-saved-changed' }), next);
    const alert = el('div', { class: 'alert alert-success', id: 'settings-saved', tabindex: '-1' }, el('div', { class: 'alert-body' },
      el('h2', { class: 'alert-heading h3', i18n: 'settings_saved' }), line));
    saved_slot.replaceChildren(alert);
    alert.focus();
  }

  // A new attempt replaces the last success message.
  form_slot.addEventListener('submit', () => saved_slot.replaceChildren());
  on_language_change(() => {
    if (!answer) return;
    changed_line(changed, answer);
    form?.relabel();
    retention_slot.replaceChildren(render_retention_run(answer.last_retention_run));
    history_slot.replaceChildren(render_history(answer.history));
    const line = document.getElementById('settings-saved-changed');
    if (line) changed_line(line, answer);
  });

  try {
    const first = await api('GET', '/api/v1/pilot-settings');
    content.replaceChildren(changed, saved_slot, form_slot, history_slot, retention_slot);
    render(first ?? {});
  } catch (error) {
    content.replaceChildren(error_box(error, 'settings-error'));
  }
}
