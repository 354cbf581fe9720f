// The members of a network the caseworker follows up on: track, when they
// joined, their last activity and the alerts about them that need
// attention, with a link to each member's triage and a "Flyt" button that
// opens the move form below the table. A moved member leaves the table.
import { el } from '../dom.js';
import { format_time } from '../format.js';
import { track_element } from '../triage/labels.js';
import { kind_element } from './alert_labels.js';
import { create_move_member_form } from './move_member_form.js';

export function create_network_members({ network_id, members, networks, announce }) {
  const body = el('tbody');
  const move_slot = el('div', { id: 'move-slot' });
  const none = el('p', { id: 'members-none', i18n: 'followup_members_none' });
  const table = el('div', { class: 'table--responsive-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'members-caption' },
    el('table', { class: 'table table--compact', id: 'members-table' },
      el('caption', { id: 'members-caption', i18n: 'followup_members_caption' }),
      el('thead', {}, el('tr', {}, ...['followup_members_name', 'followup_members_track', 'followup_members_joined', 'followup_members_last_activity', 'followup_members_alerts',
        'followup_members_actions'].map((key) => el('th', { scope: 'col', i18n: key })))),
      body));
  const element = el('section', { class: 'mt-7', id: 'members', 'aria-labelledby': 'members-heading' },
    el('h2', { id: 'members-heading', i18n: 'followup_members_heading' }), none, table, move_slot);
  const refresh = () => {
    none.hidden = body.children.length > 0;
    table.hidden = body.children.length === 0;
  };

  const open_move = (member, opener) => {
    const form = create_move_member_form({
      network_id, member, networks,
      on_cancel: () => {
        move_slot.replaceChildren();
        opener.focus();
      },
      on_moved: (answer) => {
        move_slot.replaceChildren();
        document.getElementById(`member-${member.account_id}`)?.remove();
        refresh();
        const name = String(member.display_name ?? '');
        if (answer.to === 'individual') announce('member_moved_to_individual', { name });
        else announce('member_moved_to_network', { name, id: answer.to });
        document.getElementById('members-heading').focus();
      },
    });
    move_slot.replaceChildren(form.element);
    form.focus();
  };

  body.replaceChildren(...(members ?? []).map((member) => member_row(member, open_move)));
  refresh();
  return element;
}

function member_row(member, open_move) {
  const name = String(member.display_name ?? '');
  const alerts = member.alerts ?? [];
  const move = el('button', { type: 'button', class: 'button button-secondary', id: `member-${member.account_id}-move` },
    el('span', { i18n: 'followup_members_move' }), el('span', { class: 'sr-only' }, ` ${name}`));
  move.addEventListener('click', () => open_move(member, move));
  return el('tr', { id: `member-${member.account_id}`, 'data-account': String(member.account_id) },
    el('th', { scope: 'row' }, name, member.alumnus ? el('span', {}, ' ', el('span', { i18n: 'followup_members_alumnus' })) : null),
    track_element('td', member.track ?? null),
    el('td', {}, member.joined_at ? format_time(member.joined_at, false) : '–'),
    member.last_activity_at ? el('td', {}, format_time(member.last_activity_at)) : el('td', { i18n: 'followup_members_no_activity' }),
    alerts.length === 0 ? el('td', { i18n: 'followup_members_no_alerts' })
      : el('td', {}, el('ul', { class: 'kreds-compact-list' }, ...alerts.map((alert) => kind_element('li', alert.kind)))),
    el('td', {}, el('div', { class: 'kreds-actions' },
      el('a', { href: `/triage.html?seeker=${encodeURIComponent(member.account_id)}`, class: 'function-link' },
        el('span', { i18n: 'followup_members_triage' }), el('span', { class: 'sr-only' }, ` ${name}`)),
      move)));
}
