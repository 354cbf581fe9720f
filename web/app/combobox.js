// An autocomplete text field following the ARIA 1.2 combobox pattern (list
// autocomplete, no automatic selection): role=combobox on the input,
// aria-expanded, aria-controls its listbox, aria-activedescendant for the
// active option. Keyboard: ArrowDown/ArrowUp move through the suggestions
// (opening the list), Enter chooses, Escape closes (then clears), Tab leaves.
// Suggestions come from an async `search(query, signal)`, debounced; stale
// answers are dropped. A polite live region announces how many were found.
import { el } from './dom.js';
import { translate } from './i18n.js';

// Builds the form-group with label, hint, input, listbox and status.
// Returns { group, input, combobox }.
export function create_combobox_field({ id, label_key, label_values = null, hint_key = null, search, describe, on_select, on_input }) {
  const label = translate(el('label', { class: 'form-label', for: id, id: `${id}-label` }), label_key, label_values);
  const hint = hint_key ? el('span', { class: 'form-hint', id: `${id}-hint`, i18n: hint_key }) : null;
  const input = el('input', {
    id, class: 'form-input kreds-combobox-input', type: 'text', role: 'combobox', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': `${id}-listbox`, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': hint ? `${id}-hint` : null,
  });
  const listbox = el('ul', { id: `${id}-listbox`, role: 'listbox', class: 'kreds-listbox nobullet-list', 'aria-labelledby': `${id}-label`, hidden: true });
  const status = el('span', { class: 'sr-only', role: 'status', id: `${id}-status` });
  const group = el('div', { class: 'form-group' }, label, hint, el('div', { class: 'kreds-combobox-field' }, input, listbox), status);
  const box = new combobox({ input, listbox, status, search, describe, on_select, on_input });
  return { group, input, combobox: box };
}

export class combobox {
  constructor({ input, listbox, status, search, describe, on_select, on_input = () => {}, min_characters = 2, debounce_ms = 250 }) {
    Object.assign(this, { input, listbox, status, search, describe, on_select, on_input, min_characters, debounce_ms });
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.last_query = '';
    input.addEventListener('input', () => this.on_typed());
    input.addEventListener('keydown', (event) => this.on_key(event));
    input.addEventListener('blur', () => this.close());
    // Keep the focus in the input while choosing with a pointer.
    listbox.addEventListener('mousedown', (event) => event.preventDefault());
    listbox.addEventListener('click', (event) => {
      const option = event.target.closest('[role=option]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get expanded() {
    return this.input.getAttribute('aria-expanded') === 'true';
  }

  on_typed() {
    this.on_input(this.input.value);
    clearTimeout(this.timer);
    const query = this.input.value.trim();
    if (query.length < this.min_characters) {
      this.cancel();
      this.results = [];
      this.close();
      return;
    }
    this.timer = setTimeout(() => this.run_search(query), this.debounce_ms);
  }

  cancel() {
    this.controller?.abort();
    this.controller = null;
  }

  async run_search(query) {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    let results;
    try {
      results = await this.search(query, controller.signal);
    } catch {
      if (controller.signal.aborted) return;
      this.results = [];
      this.close();
      translate(this.status, 'combobox_search_failed');
      return;
    }
    if (controller.signal.aborted || this.input.value.trim() !== query) return;
    this.controller = null;
    this.last_query = query;
    this.results = results;
    this.render();
    if (document.activeElement === this.input) this.open();
    const count = results.length;
    if (count === 0) translate(this.status, 'combobox_no_suggestions');
    else if (count === 1) translate(this.status, 'combobox_one_suggestion');
    else translate(this.status, 'combobox_suggestions', { count });
  }

  render() {
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.listbox.replaceChildren(...this.results.map((result, index) => {
      const { label, detail } = this.describe(result);
      return el('li', { id: `${this.listbox.id}-option-${index}`, role: 'option', class: 'kreds-option', 'aria-selected': 'false', 'data-index': index },
        label, detail ? el('span', { class: 'kreds-option-detail' }, ` ${detail}`) : null);
    }));
  }

  open() {
    if (this.results.length === 0) {
      this.close();
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.set_active(-1);
  }

  set_active(index) {
    const options = this.listbox.children;
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute('aria-selected', 'false');
      options[this.active].classList.remove('kreds-option-active');
    }
    this.active = index;
    if (index < 0 || !options[index]) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    options[index].setAttribute('aria-selected', 'true');
    options[index].classList.add('kreds-option-active');
    options[index].scrollIntoView({ block: 'nearest' });
    this.input.setAttribute('aria-activedescendant', options[index].id);
  }

  move(step) {
    if (this.results.length === 0) {
      const query = this.input.value.trim();
      if (query.length >= this.min_characters) {
        clearTimeout(this.timer);
        this.run_search(query);
      }
      return;
    }
    const count = this.results.length;
    if (!this.expanded) {
      this.open();
      this.set_active(step > 0 ? 0 : count - 1);
      return;
    }
    const next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    this.set_active(next);
  }

  on_key(event) {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.move(-1);
        break;
      case 'Enter':
        if (this.expanded && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else if (this.expanded) {
          event.preventDefault();
        }
        break;
      case 'Escape':
        if (this.expanded) {
          event.preventDefault();
          this.close();
        } else if (this.input.value !== '') {
          event.preventDefault();
          this.input.value = '';
          this.on_input('');
        }
        break;
      case 'Tab':
        this.close();
        break;
      default:
        break;
    }
  }

  choose(index) {
    const result = this.results[index];
    if (!result) return;
    clearTimeout(this.timer);
    this.cancel();
    this.close();
    const keep_text = this.on_select(result);
    if (keep_text) this.input.value = this.describe(result).label;
    else this.input.value = '';
    this.results = [];
    this.listbox.replaceChildren();
    translate(this.status, 'combobox_chosen', { label: this.describe(result).label });
  }
}
