// Small DOM helpers. Text always goes in as text (textContent), never as markup, so nothing a user
// or the model wrote can become part of the page.

/**
 * Creates an element: el('button', {type: 'button', class: 'x', onclick: fn}, 'label', child...).
 * Attributes named on* become event listeners; false and null attributes are left out.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** The element with this id; throws when the page lacks it (a broken page says so at once). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) {
    throw new Error(`the page has no element #${id}`);
  }
  return node;
}

/** A date and time in the reader's locale, e.g. "3 Feb 2026, 10:04". */
export function when(iso) {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
