// The proposal a caseworker works on: "Lav forslag" (POST /api/v1/proposals),
// progress while the engine runs (the WebSocket's proposal.progress and
// proposal.ready, with GET every 2 s as a fallback) and "Annullér"; then the
// report, the networks 20 to a page, the unplaced and excluded lists, the
// changes (POST .../changes), "Kør igen" (rerun) and "Bekræft netværk" with
// a confirmation step. The proposal id is kept in sessionStorage so a reload
// finds the proposal again. Server texts (explanations, reasons) come in the
// reader's language and are fetched again when the language changes.
import { api } from '../api.js';
import { el } from '../dom.js';
import { current_language, on_language_change, t, translate } from '../i18n.js';
import { create_announcer, error_box, number_text } from '../ui_kit.js';
import { render_excluded, render_network, render_unplaced } from './network_view.js';

const networks_per_page = 20;
const poll_ms = 2000;
const storage_key = 'kreds.proposal';

function remember(id) {
  try {
    if (id === null) sessionStorage.removeItem(storage_key);
    else sessionStorage.setItem(storage_key, String(id));
  } catch {
    // Private browsing: a reload starts over.
  }
}

function remembered() {
  try {
    const id = Number(sessionStorage.getItem(storage_key));
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

export function create_proposal_panel({ on_confirmed = () => {} } = {}) {
  const body = el('div', { id: 'proposal-body' });
  const problem = el('div', { id: 'proposal-problem' });
  const announcer = create_announcer('proposal-announcer');
  const element = el('section', { class: 'mt-7', id: 'proposal', 'aria-labelledby': 'proposal-heading' },
    el('h2', { id: 'proposal-heading', tabindex: '-1', i18n: 'proposal_heading' }), announcer.element, problem, body);

  let proposal = null;
  let confirmed = null;  // the answer of confirm, with names
  let page = 0;
  let busy = false;
  let poll_timer = null;
  let asking_confirm = false;
  // Events that arrived before the answer naming their proposal (a small
  // pool can finish before POST /proposals has answered): the latest per id.
  const early = new Map();

  const path = (suffix = '') => `/api/v1/proposals/${encodeURIComponent(proposal.id)}${suffix}?lang=${current_language()}`;

  function focus(id) {
    const target = id ? document.getElementById(id) : null;
    if (target) {
      if (!target.matches('button, select, input, a[href]') && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
      target.scrollIntoView?.({ block: 'nearest' });
    }
  }

  function show_problem(error) {
    problem.replaceChildren(error ? error_box(error, 'proposal-error') : '');
    if (error) focus('proposal-error');
  }

  function set_busy(value) {
    busy = value;
    for (const control of body.querySelectorAll('button, select')) {
      if (control.id !== 'proposal-cancel') control.disabled = value;
    }
    body.setAttribute('aria-busy', value ? 'true' : 'false');
  }

  // Calls the API for a step that answers with a proposal; null on failure.
  async function step(method, url, change = undefined) {
    if (busy) return null;
    show_problem(null);
    set_busy(true);
    try {
      return await api(method, url, change);
    } catch (error) {
      show_problem(error);
      return null;
    } finally {
      set_busy(false);
    }
  }

  function stop_polling() {
    clearTimeout(poll_timer);
    poll_timer = null;
  }

  function poll_later() {
    stop_polling();
    if (proposal?.status !== 'running') return;
    poll_timer = setTimeout(async () => {
      poll_timer = null;
      if (proposal?.status !== 'running') return;
      try {
        accept(await api('GET', path()));
      } catch {
        // The next poll or the WebSocket tries again.
      }
      poll_later();
    }, poll_ms);
  }

  // Takes a proposal from the server and shows it.
  function accept(next, { focus_id = null } = {}) {
    if (!next || typeof next !== 'object') return;
    const was = proposal?.status;
    proposal = next;
    remember(next.status === 'confirmed' ? null : next.id);
    if (next.status === 'running') {
      if (was === 'running' && document.getElementById('proposal-progress')) update_progress(next.progress);
      else render();
      if (!poll_timer) poll_later();
      const missed = early.get(next.id);
      early.clear();
      if (missed?.progress) handle(missed.progress);
      if (missed?.ready) handle(missed.ready);
      return;
    }
    stop_polling();
    const key_count = next.networks?.length ?? 0;
    if (page * networks_per_page >= key_count) page = 0;
    // A second answer for the same state (the poll and the WebSocket both
    // asked) is drawn again, but the focus stays on the same control.
    const active = body.contains(document.activeElement) || problem.contains(document.activeElement)
      ? document.activeElement.id : null;
    const heading_focused = document.activeElement?.id === 'proposal-report-heading';
    render();
    if (!focus_id && (active || heading_focused)) focus(active || 'proposal-report-heading');
    if (was === 'running') {
      announcer.say(next.status === 'ready' ? 'proposal_ready_announce' : `proposal_status_${next.status}`);
      focus(next.status === 'failed' ? 'proposal-failed' : 'proposal-report-heading');
    } else if (focus_id) focus(focus_id);
  }

  function update_progress(progress) {
    const bar = document.getElementById('proposal-progress');
    const text = document.getElementById('proposal-progress-text');
    if (!bar || !text) return;
    const done = Math.max(0, Number(progress?.done) || 0);
    const total = Math.max(0, Number(progress?.total) || 0);
    if (total > 0) {
      bar.max = total;
      bar.value = Math.min(done, total);
      bar.setAttribute('aria-valuetext', t('progress_text', { done, total }));
      translate(text, 'progress_text', { done, total });
    } else {
      bar.removeAttribute('value');
      translate(text, 'progress_starting');
    }
  }

  async function start() {
    confirmed = null;
    const answer = await step('POST', '/api/v1/proposals', {});
    if (!answer) return;
    page = 0;
    asking_confirm = false;
    accept(answer);
    focus('proposal-cancel');
  }

  async function cancel() {
    if (!proposal) return;
    show_problem(null);
    try {
      accept(await api('POST', path('/cancel')));
    } catch (error) {
      show_problem(error);
    }
  }

  // One change; `how` says where the focus goes and what is announced.
  async function act(change, how = {}) {
    const answer = await step('POST', path('/changes'), change);
    if (!answer) return;
    if (how.page_of !== undefined) {
      const index = (answer.networks ?? []).findIndex((network) => network.key === how.page_of);
      if (index >= 0) page = Math.floor(index / networks_per_page);
    }
    accept(answer, { focus_id: how.focus });
    if (how.say) announcer.say(how.say, how.values ?? null);
  }

  async function rerun() {
    asking_confirm = false;
    const answer = await step('POST', path('/rerun'));
    if (!answer) return;
    accept(answer);
    focus('proposal-cancel');
  }

  async function confirm() {
    const names = new Map();
    for (const network of proposal.networks ?? []) {
      for (const member of network.members ?? []) names.set(member.seeker_id, member.display_name);
    }
    const answer = await step('POST', path('/confirm'));
    if (!answer) return;
    asking_confirm = false;
    confirmed = (answer.networks ?? []).map((network) => ({
      id: network.id, members: (network.members ?? []).map((id) => String(names.get(id) ?? id)),
    }));
    proposal = { ...proposal, status: 'confirmed' };
    remember(null);
    render();
    focus('confirmed-heading');
    on_confirmed(answer);
  }

  const context = {
    networks: [],
    act,
    say: (key, values) => announcer.say(key, values),
  };

  function start_button(key = 'proposal_start') {
    const button = el('button', { type: 'button', class: 'button button-primary', id: 'proposal-start', i18n: key });
    button.addEventListener('click', start);
    return button;
  }

  function render_running() {
    const cancel_button = el('button', { type: 'button', class: 'button button-secondary', id: 'proposal-cancel', i18n: 'proposal_cancel' });
    cancel_button.addEventListener('click', cancel);
    const bar = el('progress', { id: 'proposal-progress', 'aria-labelledby': 'proposal-progress-label' });
    body.replaceChildren(
      el('p', { id: 'proposal-progress-label', i18n: 'progress_label' }),
      el('div', { class: 'kreds-progress' }, bar),
      el('p', { id: 'proposal-progress-text', role: 'status', 'aria-live': 'polite', i18n: 'progress_starting' }),
      el('p', { i18n: 'progress_hint' }),
      cancel_button);
    update_progress(proposal.progress);
  }

  function render_report() {
    const report = proposal.report ?? {};
    const row = (key, value, extra = {}) => [el('dt', { i18n: key }), el('dd', extra, value)];
    const violations = Number(report.hard_violations) || 0;
    return el('section', { id: 'proposal-report', 'aria-labelledby': 'proposal-report-heading' },
      el('h3', { id: 'proposal-report-heading', tabindex: '-1', i18n: 'report_heading' }),
      proposal.status === 'cancelled' ? el('div', { class: 'alert alert-info' }, el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text', i18n: 'proposal_cancelled_note' }))) : null,
      proposal.message ? el('p', {}, String(proposal.message)) : null,
      el('dl', { class: 'kreds-facts kreds-report' },
        ...row('report_networks', number_text(report.networks, 0)),
        ...row('report_placed', number_text(report.placed, 0)),
        ...row('report_unplaced', number_text(report.unplaced, 0)),
        ...row('report_mean', number_text(report.mean_network_score)),
        ...row('report_worst', number_text(report.worst_network_score)),
        ...row('report_violations', number_text(violations, 0), { id: 'report-violations' }),
        ...row('report_objective', number_text(report.objective))),
      violations > 0 ? el('div', { class: 'alert alert-warning' }, el('div', { class: 'alert-body' },
        el('p', { class: 'alert-text', i18n: 'report_violations_warning' }))) : null);
  }

  function render_pager(count) {
    const pages = Math.ceil(count / networks_per_page);
    if (pages <= 1) return null;
    const first = page * networks_per_page + 1;
    const last = Math.min(count, first + networks_per_page - 1);
    const previous = el('button', { type: 'button', class: 'button button-secondary', id: 'networks-previous', i18n: 'page_previous',
      disabled: page === 0 });
    const next = el('button', { type: 'button', class: 'button button-secondary', id: 'networks-next', i18n: 'page_next',
      disabled: page >= pages - 1 });
    const go = (delta) => {
      page = Math.min(pages - 1, Math.max(0, page + delta));
      render();
      focus('networks-heading');
    };
    previous.addEventListener('click', () => go(-1));
    next.addEventListener('click', () => go(1));
    return el('nav', { class: 'kreds-pager', 'aria-label': t('page_navigation') },
      previous,
      el('p', { class: 'kreds-pager-status', i18n: 'page_status', i18n_values: { page: page + 1, pages, first, last, count } }),
      next);
  }

  function render_confirm_step() {
    const networks = (proposal.networks ?? []).filter((network) => (network.members?.length ?? 0) >= 2);
    const members = networks.reduce((sum, network) => sum + network.members.length, 0);
    const yes = el('button', { type: 'button', class: 'button button-primary', id: 'confirm-yes', i18n: 'confirm_yes' });
    const no = el('button', { type: 'button', class: 'button button-secondary', id: 'confirm-no', i18n: 'confirm_no' });
    yes.addEventListener('click', confirm);
    no.addEventListener('click', () => {
      asking_confirm = false;
      render();
      focus('proposal-confirm');
    });
    return el('div', { class: 'alert alert-warning', id: 'confirm-step', role: 'group', 'aria-labelledby': 'confirm-heading' },
      el('div', { class: 'alert-body' },
        el('h3', { class: 'alert-heading', id: 'confirm-heading', tabindex: '-1', i18n: 'confirm_heading' }),
        el('p', { class: 'alert-text', i18n: 'confirm_text', i18n_values: { networks: networks.length, members } }),
        el('p', { class: 'alert-text', i18n: 'confirm_small_skipped' }),
        el('p', {}, yes, ' ', no)));
  }

  function render_ready() {
    const networks = proposal.networks ?? [];
    context.networks = networks;
    const shown = networks.slice(page * networks_per_page, (page + 1) * networks_per_page);
    const rerun_button = el('button', { type: 'button', class: 'button button-secondary', id: 'proposal-rerun', i18n: 'proposal_rerun' });
    rerun_button.addEventListener('click', rerun);
    const confirm_button = el('button', { type: 'button', class: 'button button-primary', id: 'proposal-confirm', i18n: 'proposal_confirm' });
    confirm_button.addEventListener('click', () => {
      asking_confirm = true;
      render();
      focus('confirm-heading');
    });
    const unplaced = proposal.unplaced ?? [];
    const excluded = proposal.excluded ?? [];
    body.replaceChildren(
      render_report(),
      el('div', { class: 'kreds-toolbar' }, rerun_button, confirm_button),
      el('p', { class: 'form-hint', i18n: 'proposal_rerun_hint' }),
      asking_confirm ? render_confirm_step() : null,
      el('section', { id: 'proposal-networks', 'aria-labelledby': 'networks-heading' },
        el('h3', { id: 'networks-heading', tabindex: '-1', i18n: 'networks_heading', i18n_values: { count: networks.length } }),
        networks.length === 0 ? el('p', { i18n: 'networks_none' }) : null,
        render_pager(networks.length),
        ...shown.map((network) => render_network(network, context)),
        render_pager(networks.length)),
      el('section', { id: 'unplaced', 'aria-labelledby': 'unplaced-heading' },
        el('h3', { id: 'unplaced-heading', tabindex: '-1', i18n: 'unplaced_heading', i18n_values: { count: unplaced.length } }),
        render_unplaced(unplaced, context)),
      el('section', { id: 'excluded', 'aria-labelledby': 'excluded-heading' },
        el('h3', { id: 'excluded-heading', tabindex: '-1', i18n: 'excluded_heading', i18n_values: { count: excluded.length } }),
        render_excluded(excluded, context)));
  }

  function render_confirmed() {
    const list = confirmed ?? [];
    body.replaceChildren(
      el('div', { class: 'alert alert-success', id: 'proposal-confirmed' }, el('div', { class: 'alert-body' },
        el('h3', { class: 'alert-heading', id: 'confirmed-heading', tabindex: '-1', i18n: 'confirmed_heading', i18n_values: { count: list.length } }),
        el('ul', { class: 'alert-text', id: 'confirmed-networks' }, ...list.map((network) => el('li', {},
          el('span', { i18n: 'confirmed_network', i18n_values: { id: network.id, count: network.members.length } }),
          ' ', network.members.join(', ')))))),
      start_button('proposal_start_new'));
  }

  function render() {
    if (!proposal) {
      body.replaceChildren(el('p', { i18n: 'proposal_intro' }), start_button());
      return;
    }
    switch (proposal.status) {
      case 'running': render_running(); break;
      case 'ready':
      case 'cancelled': render_ready(); break;
      case 'confirmed': render_confirmed(); break;
      default:
        body.replaceChildren(
          el('div', { class: 'alert alert-error', id: 'proposal-failed', tabindex: '-1' }, el('div', { class: 'alert-body' },
            el('p', { class: 'alert-text', i18n: 'proposal_failed' }),
            proposal.message ? el('p', { class: 'alert-text' }, String(proposal.message)) : null)),
          start_button('proposal_start_new'));
    }
  }

  function handle(message) {
    const payload = message.payload ?? {};
    if (message.type === 'proposal.progress' && proposal?.status === 'running') {
      proposal = { ...proposal, progress: { done: payload.done, total: payload.total } };
      update_progress(proposal.progress);
    } else if (message.type === 'proposal.ready' && proposal?.status === 'running') {
      api('GET', path()).then((next) => accept(next)).catch(() => poll_later());
    }
  }

  // Server texts are in the reader's language: fetch them again.
  on_language_change(async () => {
    if (!proposal || proposal.status === 'confirmed' || proposal.status === 'running') {
      if (proposal?.status === 'confirmed') render();
      return;
    }
    try {
      accept(await api('GET', path()));
    } catch {
      render();
    }
  });

  return {
    element,
    // Finds the proposal of this browser session again, if it still exists.
    async resume() {
      const id = remembered();
      if (id !== null) {
        try {
          proposal = { id };
          accept(await api('GET', path()));
          return;
        } catch {
          remember(null);
          proposal = null;
        }
      }
      render();
    },
    // WebSocket messages (docs/api.md): progress and completion of this proposal.
    on_message(message) {
      if (message?.type !== 'proposal.progress' && message?.type !== 'proposal.ready') return;
      const id = message.payload?.id;
      if (!proposal || id !== proposal.id || proposal.status !== 'running') {
        if (early.size > 8) early.clear();
        early.set(id, { ...early.get(id), [message.type === 'proposal.ready' ? 'ready' : 'progress']: message });
        return;
      }
      handle(message);
    },
  };
}
