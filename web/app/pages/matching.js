// The caseworker's matching page: the waiting pool, the proposal (make,
// follow, adjust, re-run, confirm), "do not group" pairs and the history of
// the caseworker's networks. One WebSocket carries the proposal's progress.
import { api_all_pages } from '../api.js';
import { connection } from '../connection.js';
import { el } from '../dom.js';
import { current_language, on_language_change, translate } from '../i18n.js';
import { start_page } from '../page_shell.js';
import { create_do_not_group_panel } from '../matching/do_not_group.js';
import { create_network_history_panel } from '../matching/network_history.js';
import { create_pool_panel } from '../matching/pool.js';
import { create_proposal_panel } from '../matching/proposal.js';

function show_connection(state) {
  const box = document.getElementById('connection-status');
  const text = document.getElementById('connection-text');
  box.classList.remove('alert-info', 'alert-success', 'alert-warning');
  if (state.state === 'online') {
    box.classList.add('alert-success');
    translate(text, 'connection_online');
  } else if (state.state === 'offline') {
    box.classList.add('alert-warning');
    translate(text, 'connection_offline', { seconds: Math.ceil(state.retry_in_ms / 1000) });
  } else {
    box.classList.add('alert-info');
    translate(text, 'connection_connecting');
  }
}

const account = await start_page();
const content = document.getElementById('matching-content');
if (!account) {
  content.replaceChildren(el('p', {}, el('a', { class: 'button button-primary', href: '/login.html', i18n: 'log_in' })));
} else if (account.role !== 'caseworker') {
  content.replaceChildren(el('div', { class: 'alert alert-info' }, el('div', { class: 'alert-body' },
    el('p', { class: 'alert-text', i18n: 'matching_caseworkers_only' }))));
} else {
  document.getElementById('connection-status').hidden = false;
  const pool = create_pool_panel();
  const pairs = create_do_not_group_panel();
  const history = create_network_history_panel();
  const load_pool = async () => {
    try {
      const answer = await api_all_pages(`/api/v1/pool?lang=${current_language()}`, 'waiting');
      pool.show(answer);
      pairs.set_candidates(answer?.waiting ?? []);
    } catch (error) {
      pool.fail(error);
    }
  };
  const proposal = create_proposal_panel({
    on_confirmed: () => {
      load_pool();
      history.load();
    },
  });
  content.replaceChildren(pool.element, proposal.element, pairs.element, history.element);
  on_language_change(load_pool);
  new connection({ on_state: show_connection, on_message: (message) => proposal.on_message(message) }).start();
  await Promise.all([load_pool(), proposal.resume(), pairs.load(), history.load()]);
}
