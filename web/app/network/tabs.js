// The network page's sections as Det Fælles Designsystem tabs (tab-container,
// tab-list, tab-button, tab-panel) with the WAI-ARIA tabs pattern: the arrow
// keys, Home and End move between the tabs and show the chosen panel; only
// the chosen tab is in the Tab order. The chosen tab is kept in the address
// (network.html#leads) so a reload or a shared link opens the same section.
import { el } from '../dom.js';
import { translate } from '../i18n.js';

// sections: [{name: 'chat', label: 'tab_chat', content: Element}]
export function create_tabs(sections) {
  const listeners = [];
  const buttons = new Map();
  const panels = new Map();
  const labels = new Map();
  let selected = null;

  const list = el('div', { class: 'tab-list', role: 'tablist', id: 'network-tabs' });
  for (const section of sections) {
    const label = el('span', { i18n: section.label });
    const button = el('button', { type: 'button', class: 'tab-button', role: 'tab', id: `tab-${section.name}`,
      'aria-controls': `panel-${section.name}`, 'aria-selected': 'false', tabindex: '-1', 'data-tab': section.name }, label);
    const panel = el('div', { class: 'tab-panel', role: 'tabpanel', tabindex: '0', id: `panel-${section.name}`,
      'aria-labelledby': `tab-${section.name}`, hidden: true }, section.content);
    button.addEventListener('click', () => select(section.name, { focus: false, remember: true }));
    buttons.set(section.name, button);
    panels.set(section.name, panel);
    labels.set(section.name, label);
    list.append(button);
  }

  list.addEventListener('keydown', (event) => {
    const names = [...buttons.keys()];
    const at = names.indexOf(event.target?.dataset?.tab);
    if (at < 0) return;
    let next = null;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = names[(at + 1) % names.length];
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = names[(at - 1 + names.length) % names.length];
    else if (event.key === 'Home') next = names[0];
    else if (event.key === 'End') next = names[names.length - 1];
    if (next === null) return;
    event.preventDefault();
    select(next, { focus: true, remember: true });
  });

  function select(name, { focus = false, remember = false } = {}) {
    if (!buttons.has(name)) return;
    for (const [other, button] of buttons) {
      const chosen = other === name;
      button.setAttribute('aria-selected', chosen ? 'true' : 'false');
      button.tabIndex = chosen ? 0 : -1;
      panels.get(other).hidden = !chosen;
    }
    if (focus) buttons.get(name).focus();
    if (remember && location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
    const changed = selected !== name;
    selected = name;
    if (changed) for (const listener of listeners) listener(name);
  }

  function from_address() {
    const name = location.hash.slice(1);
    if (buttons.has(name)) select(name);
  }
  window.addEventListener('hashchange', from_address);

  select(buttons.has(location.hash.slice(1)) ? location.hash.slice(1) : sections[0].name);

  return {
    element: el('div', { class: 'tab-container mt-5', id: 'network-sections' }, list, ...panels.values()),
    select: (name) => select(name, { focus: false, remember: true }),
    selected: () => selected,
    on_select: (listener) => listeners.push(listener),
    // Changes a tab's label, e.g. to show the number of unread messages.
    relabel(name, key, values = null) {
      const label = labels.get(name);
      if (label) translate(label, key, values);
    },
  };
}
