// The caseworker's networks (GET /api/v1/networks), newest first, 20 at a
// time, and the composition history of the chosen one
// (GET /api/v1/networks/{id}/history): who joined or left, when and why.
import { api } from '../api.js';
import { el } from '../dom.js';
import { on_language_change, t } from '../i18n.js';
import { format_time } from '../format.js';
import { error_box, named_button } from '../ui_kit.js';

const rows_per_step = 20;

export function create_network_history_panel() {
  const list = el('div', { id: 'my-networks' }, el('p', { i18n: 'loading' }));
  const history = el('div', { id: 'network-history' });
  const element = el('section', { class: 'mt-7', id: 'networks', 'aria-labelledby': 'my-networks-heading' },
    el('h2', { id: 'my-networks-heading', i18n: 'my_networks_heading' }), el('p', { i18n: 'my_networks_intro' }), list, history);
  let networks = [];
  let shown = rows_per_step;
  on_language_change(() => {
    if (networks.length) render_list();
  });

  function render_list() {
    if (networks.length === 0) {
      list.replaceChildren(el('p', { i18n: 'my_networks_empty' }));
      return;
    }
    const more = networks.length > shown
      ? el('button', { type: 'button', class: 'button button-secondary', id: 'my-networks-more', i18n: 'show_more' }) : null;
    more?.addEventListener('click', () => {
      const first_new = shown;
      shown += rows_per_step;
      render_list();
      list.querySelectorAll('tbody button')[first_new]?.focus();
    });
    list.replaceChildren(
      el('p', { i18n: 'my_networks_count', i18n_values: { shown: Math.min(shown, networks.length), total: networks.length } }),
      el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'my-networks-caption' },
        el('table', { class: 'table table--compact', id: 'my-networks-table' },
          el('caption', { id: 'my-networks-caption', i18n: 'my_networks_caption' }),
          el('thead', {}, el('tr', {}, ...['my_networks_name', 'my_networks_created', 'my_networks_members', 'my_networks_actions']
            .map((key) => el('th', { scope: 'col', i18n: key })))),
          el('tbody', {}, ...networks.slice(0, shown).map((network) => {
            const name = t('created_network_name', { id: network.id });
            const button = named_button('history_show', name, { id: `history-${network.id}` });
            button.addEventListener('click', () => show_history(network, button));
            return el('tr', { 'data-network': network.id },
              el('th', { scope: 'row', i18n: 'created_network_name', i18n_values: { id: network.id } }),
              el('td', {}, network.created_at ? format_time(network.created_at) : ''),
              el('td', {}, String(network.members ?? '')),
              el('td', {}, button));
          })))),
      more);
  }

  async function show_history(network, opener) {
    history.replaceChildren(el('p', { role: 'status', i18n: 'loading' }));
    let events;
    try {
      events = (await api('GET', `/api/v1/networks/${encodeURIComponent(network.id)}/history`))?.events ?? [];
    } catch (error) {
      history.replaceChildren(error_box(error));
      return;
    }
    const heading = el('h3', { id: 'network-history-heading', tabindex: '-1', i18n: 'history_heading', i18n_values: { id: network.id } });
    const close = el('button', { type: 'button', class: 'button button-tertiary', id: 'network-history-close', i18n: 'history_close' });
    close.addEventListener('click', () => {
      history.replaceChildren();
      opener.focus();
    });
    history.replaceChildren(el('section', { 'aria-labelledby': 'network-history-heading' }, heading,
      events.length === 0 ? el('p', { i18n: 'history_empty' })
        : el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'network-history-caption' },
          el('table', { class: 'table table--compact', id: 'network-history-table' },
            el('caption', { id: 'network-history-caption', i18n: 'history_caption' }),
            el('thead', {}, el('tr', {}, ...['history_at', 'history_who', 'history_change', 'history_reason']
              .map((key) => el('th', { scope: 'col', i18n: key })))),
            el('tbody', {}, ...events.map((event) => el('tr', {},
              el('td', {}, event.at ? format_time(event.at) : ''),
              el('th', { scope: 'row' }, String(event.display_name ?? event.seeker_id ?? '')),
              el('td', { i18n: event.change === 'left' ? 'history_left' : 'history_joined' }),
              el('td', {}, String(event.reason ?? ''))))))),
      close));
    heading.focus();
  }

  return {
    element,
    async load() {
      try {
        networks = [...((await api('GET', '/api/v1/networks'))?.networks ?? [])]
          .sort((x, y) => String(y.created_at ?? '').localeCompare(String(x.created_at ?? '')) || y.id - x.id);
        render_list();
      } catch (error) {
        list.replaceChildren(error_box(error));
      }
    },
  };
}
