// Small helpers to build DOM nodes safely: text always goes in as text nodes
// (never parsed as HTML), attributes through setAttribute.
import { translate } from './i18n.js';

// el('p', {class: 'x', i18n: 'key', i18n_values: {...}}, 'text', child, ...):
// a string child is a text node; `i18n` names the element's translated text.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false || name === 'i18n' || name === 'i18n_values') continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  if (attributes.i18n) translate(element, attributes.i18n, attributes.i18n_values ?? null);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

// Shows or hides an element with the `hidden` attribute (no inline styles: CSP).
export function show(element, visible = true) {
  element.hidden = !visible;
  return element;
}
