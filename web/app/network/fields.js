// Form pieces the network page's sections share, in Det Fælles Designsystem's
// markup: a labelled input, textarea or select in a form-group (with an
// optional hint wired to aria-describedby), the error summary of
// web/app/form_errors.js, the translation of a socket_error, and the
// "not there yet" note for a part the server does not support yet.
import { el } from '../dom.js';
import { form_errors } from '../form_errors.js';

function label_of(id, label, optional, values = null) {
  return el('label', { class: 'form-label', for: id }, el('span', { i18n: label, i18n_values: values }),
    optional ? ' ' : null, optional ? el('span', { class: 'weight-normal', i18n: 'optional_marker' }) : null);
}

// field({id, label, hint?, optional?, tag: 'input' | 'textarea', ...attributes}) -> {group, control}
export function field({ id, label, hint = null, optional = false, tag = 'input', hint_values = null, label_values = null, ...attributes }) {
  const hint_id = hint ? `${id}-hint` : null;
  const control = el(tag, { id, name: id, class: 'form-input', 'aria-describedby': hint_id, ...attributes });
  const group = el('div', { class: 'form-group' }, label_of(id, label, optional, label_values),
    hint ? el('span', { class: 'form-hint', id: hint_id, i18n: hint, i18n_values: hint_values }) : null, control);
  return { group, control };
}

// select_field({id, label, options: [{value, label}], hint?, optional?}) -> {group, control}
export function select_field({ id, label, options, hint = null, optional = false, ...attributes }) {
  const hint_id = hint ? `${id}-hint` : null;
  const control = el('select', { id, name: id, class: 'form-select', 'aria-describedby': hint_id, ...attributes },
    ...options.map((option) => el('option', { value: option.value, i18n: option.label, i18n_values: option.values ?? null })));
  const group = el('div', { class: 'form-group' }, label_of(id, label, optional),
    hint ? el('span', { class: 'form-hint', id: hint_id, i18n: hint }) : null, control);
  return { group, control };
}

// An empty error summary for a form and its form_errors.
export function error_summary(id) {
  const element = el('div', { id, hidden: true });
  return { element, errors: new form_errors(element) };
}

// The translation key and values that describe a failed socket request.
export function describe_socket_error(error) {
  switch (error?.code) {
    case 'offline':
    case 'timeout': return { key: 'network_error_offline' };
    case 'forbidden': return { key: 'error_forbidden' };
    case 'not_found': return { key: 'error_not_found' };
    case 'conflict': return { key: 'network_error_conflict' };
    case 'invalid_field':
    case 'bad_request': return { key: 'error_invalid_field' };
    case 'rate_limited': return { key: 'chat_rate_limited', values: { seconds: error.retry_after_seconds ?? 60 } };
    case 'unsupported': return { key: 'feature_unsupported' };
    case 'unavailable': return { key: 'error_unavailable' };
    default: return { key: 'error_generic' };
  }
}

// Shows a failed request in a form's error summary; an invalid field the
// server names (a payload field) is marked at its input via `field_ids`.
export function show_request_error(errors, error, field_ids = {}) {
  const { key, values } = describe_socket_error(error);
  errors.clear();
  const target = error?.field ? field_ids[error.field] ?? null : null;
  errors.add(target, key, values ?? null);
  errors.show();
}

// A small status area of a section: nothing, "not there yet" (the server
// answered `unsupported`) or an error that stopped the section from loading.
export function create_section_status(id) {
  const element = el('div', { id, 'aria-live': 'polite' });
  const note = (kind, key, values = null) => el('div', { class: `alert alert-${kind}` },
    el('div', { class: 'alert-body' }, el('p', { class: 'alert-text', i18n: key, i18n_values: values })));
  return {
    element,
    clear: () => element.replaceChildren(),
    // Shows why a load failed; true when the part is simply not there yet.
    failed(error) {
      if (error?.code === 'unsupported') {
        element.replaceChildren(note('info', 'feature_unsupported'));
        return true;
      }
      if (error?.code === 'offline') {
        element.replaceChildren();
        return false;
      }
      const { key, values } = describe_socket_error(error);
      element.replaceChildren(note('error', key, values));
      return false;
    },
  };
}

// Runs `render` (which replaces part of `container`) and puts the focus back
// on the element with the same id, if the focus was inside the container.
export function keeping_focus(container, render) {
  const active = document.activeElement;
  const id = active && active !== document.body && container.contains(active) ? active.id : '';
  render();
  if (id && !container.contains(document.activeElement)) document.getElementById(id)?.focus();
}

// A fresh client-chosen id for a message that may be retried.
export function new_client_id() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Outside a secure context: 16 random bytes in hex.
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

// True for an http(s) address that may be used as a link's href.
export function is_web_address(text) {
  try {
    const url = new URL(String(text ?? ''));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
