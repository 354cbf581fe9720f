// The caseworker's portfolio (portfolio.html): every network they
// facilitate with its health figures, most in need first
// (GET /api/v1/portfolio), each linking to its detail page; and the ways on
// to the waiting pool and the time report.
import { api } from '../api.js';
import { el } from '../dom.js';
import { translate } from '../i18n.js';
import { start_role_page } from '../role_page.js';
import { portfolio_table } from '../caseworker/health.js';
import { error_box } from '../ui_kit.js';

const content = document.getElementById('portfolio-content');
const account = await start_role_page('caseworker', content, 'caseworkers_only');
if (account) {
  const count = el('p', { id: 'portfolio-count', i18n: 'loading' });
  const table = el('div', { id: 'portfolio-list' });
  content.replaceChildren(count, el('p', { i18n: 'portfolio_need_hint' }), table,
    el('ul', { class: 'nobullet-list kreds-link-list mt-7' },
      el('li', {}, el('a', { href: '/matching.html', class: 'function-link', i18n: 'portfolio_to_pool' })),
      el('li', {}, el('a', { href: '/inbox.html', class: 'function-link', i18n: 'portfolio_to_inbox' })),
      el('li', {}, el('a', { href: '/time.html', class: 'function-link', i18n: 'portfolio_to_time' }))));
  try {
    const networks = (await api('GET', '/api/v1/portfolio'))?.networks ?? [];
    translate(count, networks.length === 0 ? 'portfolio_empty' : 'portfolio_count', { count: networks.length });
    if (networks.length) table.replaceChildren(portfolio_table(networks));
  } catch (error) {
    count.replaceChildren();
    table.replaceChildren(error_box(error));
  }
}
