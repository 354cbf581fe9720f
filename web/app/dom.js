// Small helpers to build DOM nodes safely: text always goes in as text nodes
// (never parsed as HTML), attributes through setAttribute.
import { translate } from './i18n.js';

// el('p', {class: 'x', id: 'y'}, 'text', child, ...) — a string child is a text node.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'i18n') translate(element, value);
    else if (name === 'i18n_values') continue;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  if (attributes.i18n && attributes.i18n_values) translate(element, attributes.i18n, attributes.i18n_values);
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
