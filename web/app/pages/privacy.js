// The seeker's "Dine data" page (privacy.html): download everything Kreds
// holds about oneself (JSON, or a readable HTML page — plain links, the
// browser sends the session cookie), who has looked at it (the access log),
// what Kreds holds and what erasure does (the rules), and withdrawing
// consent with erasure. After erasure the page says so and that the
// session has ended.
import { el } from '../dom.js';
import { current_language, on_language_change } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { create_access_log } from '../privacy/access_log.js';
import { create_erase } from '../privacy/erase.js';
import { create_rules } from '../privacy/rules.js';

const content = document.getElementById('privacy-content');
const account = await start_role_page('seeker', content, 'privacy_seekers_only');
if (account) show_privacy();

function export_link(kind, href, filename) {
  return el('li', { class: 'mb-4' },
    el('a', { class: 'button button-secondary', href, download: filename, id: `export-${kind}`,
      'aria-describedby': `export-${kind}-hint`, i18n: `export_${kind}` }),
    el('p', { class: 'form-hint mt-2', id: `export-${kind}-hint`, i18n: `export_${kind}_hint` }));
}

function show_privacy() {
  const erase = create_erase({ on_erased: show_erased });
  content.replaceChildren(
    el('section', { id: 'export-section', 'aria-labelledby': 'export-heading', tabindex: '-1' },
      el('h2', { id: 'export-heading', i18n: 'export_heading' }),
      el('p', { i18n: 'export_intro' }),
      el('ul', { class: 'nobullet-list', id: 'export-links' },
        export_link('html', html_export_path(), 'kreds-mine-data.html'),
        export_link('json', '/api/v1/me/export', 'kreds-mine-data.json')),
      el('p', { i18n: 'export_note' })),
    create_access_log({ load_now: true }).element,
    create_rules().element,
    erase.element);
  // The readable page comes in the page's language.
  on_language_change(() => document.getElementById('export-html')?.setAttribute('href', html_export_path()));
}

function html_export_path() {
  return `/api/v1/me/export.html?lang=${current_language()}`;
}

// The server has erased the data and ended every session: the header's
// name and "Log ud" go, and the page says what happened.
function show_erased(answer) {
  document.getElementById('account-name').hidden = true;
  document.getElementById('logout-button').hidden = true;
  document.getElementById('privacy-lead').hidden = true;
  const counts = Number.isInteger(answer.deleted_rows) && Number.isInteger(answer.pseudonymised_rows)
    ? el('p', { class: 'alert-text', id: 'erase-done-counts', i18n: 'erase_done_counts',
      i18n_values: { deleted: answer.deleted_rows, pseudonymised: answer.pseudonymised_rows } })
    : null;
  const heading = el('h2', { class: 'alert-heading', id: 'erase-done-heading', tabindex: '-1', i18n: 'erase_done_heading' });
  content.replaceChildren(el('div', { class: 'alert alert-success', id: 'erase-done' }, el('div', { class: 'alert-body' },
    heading,
    el('p', { class: 'alert-text', i18n: 'erase_done_text' }),
    counts,
    el('p', { class: 'alert-text', i18n: 'erase_done_kept' }),
    el('p', { class: 'alert-text' }, el('a', { href: '/', id: 'erase-done-home', i18n: 'erase_done_home' })))));
  heading.focus();
}
