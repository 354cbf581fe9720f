// One proposed network as the caseworker reviews it: score, working
// language, shared weekly slots, warnings, and each member with the engine's
// explanation and the actions move, pin/unpin and exclude; lock/unlock for
// the network. Also the unplaced (with reasons) and excluded lists. Nothing
// here calls the server: every action goes through `act(change, focus)`.
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { language_name } from '../profile_fields.js';
import { named_button, number_text, slots_text } from '../ui_kit.js';

// Above this many networks the move lists are filled when first used, so a
// page of 20 networks does not carry 20 × 8 lists of 250 options.
const eager_options_limit = 30;

function network_option(network) {
  return el('option', { value: network.key },
    t(network.locked ? 'move_option_locked' : 'move_option', { key: network.key, count: network.members?.length ?? 0 }));
}

// A "move to" select and its button for one seeker; `from_key` is left out.
function move_control(seeker, name, from_key, context) {
  const id = `move-${seeker.seeker_id}`;
  const select = el('select', { class: 'form-select', id, name: id });
  const fill = () => {
    if (select.dataset.filled) return;
    select.dataset.filled = 'true';
    select.append(...context.networks.filter((network) => network.key !== from_key).map(network_option));
  };
  select.append(el('option', { value: '', i18n: 'move_choose' }));
  if (context.networks.length <= eager_options_limit) fill();
  else {
    select.addEventListener('focus', fill);
    select.addEventListener('pointerdown', fill);
  }
  const button = named_button('move', name, { id: `${id}-button` });
  button.addEventListener('click', () => {
    if (select.value === '') {
      context.say('move_choose_first', { name });
      select.focus();
      return;
    }
    const to = Number(select.value);
    context.act({ action: 'move', seeker_id: seeker.seeker_id, to_network: to },
      { focus: `network-${to}-heading`, page_of: to, say: 'moved', values: { name, key: to } });
  });
  return el('div', { class: 'kreds-move' },
    el('div', { class: 'form-group' },
      el('label', { class: 'form-label', for: id }, el('span', { i18n: 'move_to' }), el('span', { class: 'sr-only' }, ` ${name}`)),
      select),
    button);
}

function member_item(member, network, context) {
  const name = String(member.display_name ?? '');
  const pin = named_button(member.pinned ? 'unpin' : 'pin', name, { id: `pin-${member.seeker_id}`,
    'aria-pressed': member.pinned ? 'true' : 'false' });
  pin.addEventListener('click', () => context.act({ action: member.pinned ? 'unpin' : 'pin', seeker_id: member.seeker_id },
    { focus: `pin-${member.seeker_id}`, say: member.pinned ? 'unpinned' : 'pinned', values: { name } }));
  const exclude = named_button('exclude', name, { id: `exclude-${member.seeker_id}` });
  exclude.addEventListener('click', () => context.act({ action: 'exclude', seeker_id: member.seeker_id },
    { focus: `network-${network.key}-heading`, say: 'excluded_one', values: { name } }));
  return el('li', { class: 'kreds-member', 'data-seeker': member.seeker_id },
    el('h4', { class: 'h5 kreds-member-name' }, name,
      member.pinned ? el('span', { class: 'kreds-flag', i18n: 'pinned_flag' }) : null),
    el('p', { class: 'kreds-explanation' }, String(member.explanation ?? '')),
    el('div', { class: 'kreds-actions' }, move_control(member, name, network.key, context), pin, exclude));
}

function warning_text(warning) {
  if (typeof warning === 'string') return warning;
  return String(warning?.message ?? warning?.text ?? warning?.code ?? '');
}

export function render_network(network, context) {
  const key = network.key;
  const heading_id = `network-${key}-heading`;
  const lock = named_button(network.locked ? 'unlock' : 'lock', t('network_name', { key }),
    { id: `lock-${key}`, 'aria-pressed': network.locked ? 'true' : 'false' });
  lock.addEventListener('click', () => context.act({ action: network.locked ? 'unlock' : 'lock', network: key },
    { focus: `lock-${key}`, say: network.locked ? 'unlocked' : 'locked', values: { key } }));
  const warnings = network.warnings ?? [];
  return el('section', { class: `kreds-network${network.locked ? ' kreds-network-locked' : ''}`, id: `network-${key}`,
    'data-key': key, 'aria-labelledby': heading_id },
  el('h3', { id: heading_id, tabindex: '-1', class: 'kreds-network-heading' },
    el('span', { i18n: 'network_name', i18n_values: { key } }),
    network.locked ? el('span', { class: 'kreds-flag', i18n: 'locked_flag' }) : null),
  el('dl', { class: 'kreds-facts' },
    el('dt', { i18n: 'network_score' }), el('dd', { class: 'kreds-score' }, number_text(network.score)),
    el('dt', { i18n: 'network_members' }), el('dd', {}, String(network.members?.length ?? 0)),
    el('dt', { i18n: 'network_language' }), el('dd', {}, network.working_language ? language_name(network.working_language) : '–'),
    el('dt', { i18n: 'network_slots' }), el('dd', {}, slots_text(network.shared_slots))),
  warnings.length ? el('div', { class: 'alert alert-warning' }, el('div', { class: 'alert-body' },
    el('p', { class: 'alert-heading', i18n: 'network_warnings' }),
    el('ul', { class: 'alert-text' }, ...warnings.map((warning) => el('li', {}, warning_text(warning)))))) : null,
  el('p', {}, lock),
  el('ul', { class: 'nobullet-list kreds-members' }, ...(network.members ?? []).map((member) => member_item(member, network, context))));
}

export function render_unplaced(unplaced, context) {
  if (unplaced.length === 0) return el('p', { i18n: 'unplaced_none' });
  return el('ul', { class: 'nobullet-list kreds-members' }, ...unplaced.map((seeker) => {
    const name = String(seeker.display_name ?? '');
    const exclude = named_button('exclude', name, { id: `exclude-${seeker.seeker_id}` });
    exclude.addEventListener('click', () => context.act({ action: 'exclude', seeker_id: seeker.seeker_id },
      { focus: 'unplaced-heading', say: 'excluded_one', values: { name } }));
    return el('li', { class: 'kreds-member', 'data-seeker': seeker.seeker_id },
      el('h4', { class: 'h5 kreds-member-name' }, name),
      el('p', { class: 'kreds-explanation' }, String(seeker.reason ?? '')),
      el('div', { class: 'kreds-actions' }, move_control(seeker, name, null, context), exclude));
  }));
}

export function render_excluded(excluded, context) {
  if (excluded.length === 0) return el('p', { i18n: 'excluded_none' });
  return el('ul', { class: 'nobullet-list kreds-members' }, ...excluded.map((seeker) => {
    const name = String(seeker.display_name ?? '');
    const include = named_button('include', name, { id: `include-${seeker.seeker_id}` });
    include.addEventListener('click', () => context.act({ action: 'include', seeker_id: seeker.seeker_id },
      { focus: 'unplaced-heading', say: 'included', values: { name } }));
    return el('li', { class: 'kreds-member', 'data-seeker': seeker.seeker_id },
      el('h4', { class: 'h5 kreds-member-name' }, name),
      el('div', { class: 'kreds-actions' }, move_control(seeker, name, null, context), include));
  }));
}
