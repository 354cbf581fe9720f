// The municipality's pilot dashboard (dashboard.html), for the admin: the
// filter form, then the results of GET /api/v1/dashboard — outcomes, time
// to job, staff time and the networks' health, each chart beside its
// tables, every table downloadable as CSV. The filters are the page's URL
// query: applying them adds a history entry, and back/forward shows that
// view again. A language change draws the results again from the same
// answer (the server sends its labels in both languages).
import { api } from '../api.js';
import { el } from '../dom.js';
import { on_language_change } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { create_filter_form, filters_from_query, query_of } from '../dashboard/filters.js';
import { render_report } from '../dashboard/report.js';
import { create_announcer, error_box } from '../ui_kit.js';

const content = document.getElementById('dashboard-content');
const account = await start_role_page('admin', content, 'dashboard_admins_only');
if (account) show_dashboard();

function show_dashboard() {
  const results = el('div', { id: 'dashboard-results' }, el('p', { i18n: 'loading' }));
  const announcer = create_announcer('dashboard-status');
  let answer = null;
  let query = query_of(filters_from_query(location.search));
  let loading = 0;

  const draw = () => {
    if (answer) results.replaceChildren(render_report(answer, query));
  };

  const load = async () => {
    const ticket = ++loading;
    const first = answer === null;
    filters.submit.disabled = true;
    results.setAttribute('aria-busy', 'true');
    try {
      const text = query.toString();
      const next = await api('GET', `/api/v1/dashboard${text ? `?${text}` : ''}`);
      if (ticket !== loading) return;
      answer = next ?? {};
      filters.clear_errors();
      filters.set_caseworkers(answer.choices?.caseworkers);
      // The period stays as the URL has it (empty: from the start, until
      // today), so that a link keeps showing "until today"; the scope line
      // above the results says which dates the server used.
      filters.set_values({ ...(answer.filters ?? {}), from: query.get('from') ?? '', to: query.get('to') ?? '' });
      draw();
      if (!first) announcer.say('dashboard_updated');
    } catch (error) {
      if (ticket !== loading) return;
      if (error?.field) {
        filters.show_server_error(error);
        results.replaceChildren(el('p', { id: 'dashboard-fix-filters', i18n: 'dashboard_fix_filters' }));
      } else {
        results.replaceChildren(error_box(error, 'dashboard-error'));
      }
    } finally {
      if (ticket === loading) {
        filters.submit.disabled = false;
        results.removeAttribute('aria-busy');
      }
    }
  };

  const filters = create_filter_form({
    on_apply: (values) => {
      query = query_of(values);
      const text = query.toString();
      history.pushState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
      load();
    },
  });
  filters.set_values(filters_from_query(location.search));

  window.addEventListener('popstate', () => {
    const shown = filters_from_query(location.search);
    query = query_of(shown);
    filters.set_values(shown);
    load();
  });
  on_language_change(draw);

  content.replaceChildren(filters.element, announcer.element, results);
  load();
}
