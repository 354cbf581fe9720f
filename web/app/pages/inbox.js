// The caseworker's inbox (inbox.html): the alerts Kreds raised from its
// drift signals (GET /api/v1/alerts), open ones or all, newest first, each
// with its facts, a suggested action and acknowledge / snooze / resolve.
// A handled alert is redrawn in place with the server's answer and keeps
// the focus on its heading; the result is announced politely. New alerts
// (the WebSocket's `alert.new`) are added at the top without redrawing the
// others, so a note being written is never lost.
import { api } from '../api.js';
import { connection } from '../connection.js';
import { el } from '../dom.js';
import { current_language, on_language_change, translate } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { alert_card } from '../caseworker/alert_card.js';
import { create_announcer, error_box } from '../ui_kit.js';

const content = document.getElementById('inbox-content');
const account = await start_role_page('caseworker', content, 'caseworkers_only');
if (account) show_inbox();

function show_inbox() {
  const announcer = create_announcer('inbox-announcer');
  const status = el('select', { class: 'form-select', id: 'inbox-status', name: 'status' },
    el('option', { value: 'open', i18n: 'inbox_show_open' }), el('option', { value: 'all', i18n: 'inbox_show_all' }));
  const filter = el('form', { class: 'kreds-inline-form', id: 'inbox-filter', novalidate: true },
    el('div', { class: 'form-group' }, el('label', { class: 'form-label', for: 'inbox-status', i18n: 'inbox_show' }), status),
    el('button', { type: 'submit', class: 'button button-secondary', id: 'inbox-refresh', i18n: 'inbox_refresh' }));
  // Not a live region: actions and new alerts are announced by the announcer.
  const count = el('p', { id: 'inbox-count' });
  const failure = el('div', { id: 'inbox-error' });
  const list = el('ul', { class: 'nobullet-list kreds-alert-list', id: 'inbox-list', 'aria-labelledby': 'inbox-list-heading' });
  const list_heading = el('h2', { id: 'inbox-list-heading', i18n: 'inbox_list_heading' });
  content.replaceChildren(filter, announcer.element, list_heading, count, failure, list);

  let alerts = [];
  const render_count = () => {
    const open = alerts.filter((alert) => alert.status === 'open').length;
    translate(count, alerts.length === 0 ? 'inbox_empty' : 'inbox_count', { shown: alerts.length, open });
  };
  const card = (alert) => alert_card(alert, {
    announce: (key, values) => announcer.say(key, values),
    on_changed: (changed) => {
      alerts = alerts.map((old) => (old.id === changed.id ? changed : old));
      const old = document.getElementById(`alert-${changed.id}`);
      const fresh = card(changed);
      old?.replaceWith(fresh);
      document.getElementById(`alert-${changed.id}-heading`)?.focus();
      render_count();
    },
  });
  const load = async () => {
    translate(count, 'loading');
    failure.replaceChildren();
    try {
      const answer = await api('GET', `/api/v1/alerts?status=${status.value}&lang=${current_language()}`);
      alerts = answer?.alerts ?? [];
      list.replaceChildren(...alerts.map(card));
      render_count();
    } catch (error) {
      alerts = [];
      list.replaceChildren();
      count.replaceChildren();
      delete count.dataset.i18n;
      failure.replaceChildren(error_box(error));
    }
  };
  // Adds the alerts the list does not show yet at the top.
  const add_new = async () => {
    let fresh;
    try {
      fresh = (await api('GET', `/api/v1/alerts?status=${status.value}&lang=${current_language()}`))?.alerts ?? [];
    } catch {
      return;
    }
    const known = new Set(alerts.map((alert) => alert.id));
    const added = fresh.filter((alert) => !known.has(alert.id));
    if (added.length === 0) return;
    alerts = [...added, ...alerts];
    list.prepend(...added.map(card));
    render_count();
    announcer.say('inbox_new_alerts', { count: added.length });
  };
  let pending = null;
  new connection({
    on_message: (message) => {
      if (message?.type !== 'alert.new') return;
      // A burst of alerts (one evaluation) becomes one fetch.
      clearTimeout(pending);
      pending = setTimeout(add_new, 300);
    },
  }).start();
  filter.addEventListener('submit', async (event) => {
    event.preventDefault();
    await load();
    if (count.dataset.i18n) announcer.say(count.dataset.i18n, JSON.parse(count.dataset.i18nValues ?? '{}'));
  });
  // The alerts' texts come from the server in the page's language.
  on_language_change(load);
  load();
}
