// A form's errors shown the way Det Fælles Designsystem shows them: an error
// summary (alert alert-error with a link per error) that takes the focus, and
// each message again next to its field (form-error + form-error-message,
// linked with aria-describedby and aria-invalid).
import { describe_error } from './api.js';
import { el } from './dom.js';
import { translate } from './i18n.js';

const focusable = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

export class form_errors {
  // `summary` is the (empty) element that receives the error summary.
  constructor(summary) {
    this.summary = summary;
    this.errors = [];
    this.marked = [];
    summary.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-target]');
      if (!link) return;
      event.preventDefault();
      focus_target(document.getElementById(link.dataset.target));
    });
  }

  get has_errors() {
    return this.errors.length > 0;
  }

  // Removes every message from the summary and the fields.
  clear() {
    this.errors = [];
    this.summary.replaceChildren();
    this.summary.hidden = true;
    for (const { group, message, described, previous } of this.marked) {
      group?.classList.remove('form-error');
      message.remove();
      if (previous === null) described.removeAttribute('aria-describedby');
      else described.setAttribute('aria-describedby', previous);
      described.removeAttribute('aria-invalid');
    }
    this.marked = [];
  }

  // Adds an error; `target_id` names the input (or fieldset) at fault, or is
  // null for an error that belongs to no one field.
  add(target_id, key, values = null) {
    this.errors.push({ target_id, key, values });
  }

  // Adds a failed API call: at its field when the server names one of the
  // form's (`field_ids`: server field -> input id, `field_messages`: server
  // field -> message key, or {key, values} for a message with values), else
  // in words in the summary. True for a field error.
  add_server_error(error, field_ids = {}, field_messages = {}) {
    const target = error?.field ? field_ids[error.field] ?? null : null;
    if (target) {
      const message = field_messages[error.field];
      if (message && typeof message === 'object') this.add(target, message.key, message.values ?? null);
      else this.add(target, message);
      return true;
    }
    const { key, values } = describe_error(error);
    this.add(null, key, values);
    return false;
  }

  // Renders the summary and the field messages, and moves the focus to the summary.
  show() {
    this.summary.replaceChildren();
    const list = el('ul', { class: 'alert-text nobullet-list' });
    for (const error of this.errors) {
      const target = error.target_id ? document.getElementById(error.target_id) : null;
      const item = el('li');
      if (target) {
        item.append(translate(el('a', { href: `#${error.target_id}`, 'data-target': error.target_id, class: 'function-link' }), error.key, error.values));
        this.mark_field(target, error);
      } else {
        item.append(translate(el('span'), error.key, error.values));
      }
      list.append(item);
    }
    const box = el('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1', id: `${this.summary.id}-box` },
      el('div', { class: 'alert-body' }, el('h2', { class: 'alert-heading h3', i18n: 'error_summary_heading' }), list));
    this.summary.append(box);
    this.summary.hidden = false;
    box.focus();
  }

  mark_field(target, error) {
    if (this.marked.some((mark) => mark.described === target)) return;
    const id = `${target.id}-error`;
    const message = el('span', { class: 'form-error-message', id },
      el('span', { class: 'sr-only', i18n: 'error_prefix' }), translate(el('span'), error.key, error.values));
    const group = target.closest('.form-group');
    if (target.tagName === 'FIELDSET') {
      const after = [...target.children].filter((child) => child.matches('legend, .form-hint')).pop();
      if (after) after.after(message);
      else target.prepend(message);
    } else {
      const wrapper = target.closest('.kreds-combobox-field, .form-group-checkbox, .form-group-radio') ?? target;
      wrapper.before(message);
    }
    const previous = target.getAttribute('aria-describedby');
    target.setAttribute('aria-describedby', previous ? `${id} ${previous}` : id);
    if (target.tagName !== 'FIELDSET') target.setAttribute('aria-invalid', 'true');
    group?.classList.add('form-error');
    this.marked.push({ group, message, described: target, previous });
  }
}

function focus_target(target) {
  if (!target) return;
  const control = target.matches(focusable) ? target : target.querySelector(focusable);
  (control ?? target).focus();
  (target.closest('.form-group') ?? target).scrollIntoView({ block: 'start' });
}

// Shows one message (a translation key) as the error summary's only entry.
export function show_single_error(errors, key, values = null, target_id = null) {
  errors.clear();
  errors.add(target_id, key, values);
  errors.show();
}
