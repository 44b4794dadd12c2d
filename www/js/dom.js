// Building markup in scripts: one element builder for every page, so that
// no module writes HTML as text (nothing here parses a string as HTML, and
// the CSP forbids inline styles and handlers anyway).
//
//   element('button', {class: 'button secondary', text: 'Save', type: 'button',
//                      attrs: {'aria-describedby': 'hint'}, on: {click: save}})
//   element('li', {}, [element('code', {text: code})])
//
// Options:
//   class   the class attribute
//   text    the text content (set before the children are appended)
//   attrs   attributes by name; null, undefined and false leave one out,
//           true writes it empty
//   data    data-* attributes (dataset names: {userId: 3} -> data-user-id="3")
//   on      event listeners by event name
//   any other name is set as the element's property (id, type, hidden,
//   htmlFor, scope, tabIndex, dateTime, value, disabled, ...)
// `children` is a node, a string, or an array of them; null, undefined and
// false are skipped, so optional parts can be written inline.
export function element(tag, options = {}, children = []) {
  const { class: class_name, text, attrs = {}, data = {}, on = {}, ...properties } = options;
  const node = document.createElement(tag);
  if (class_name) node.className = class_name;
  Object.assign(node, properties);
  for (const [name, value] of Object.entries(attrs)) set_attribute(node, name, value);
  for (const [name, value] of Object.entries(data)) node.dataset[name] = String(value);
  for (const [name, listener] of Object.entries(on)) node.addEventListener(name, listener);
  if (text !== undefined) node.textContent = text;
  node.append(...[children].flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

// Sets `name` to `value`, or removes it for null, undefined and false.
export function set_attribute(node, name, value) {
  if (value === null || value === undefined || value === false) node.removeAttribute(name);
  else node.setAttribute(name, value === true ? '' : String(value));
}

// document.getElementById, failing loudly when the markup lacks the element
// (a missing id is a mistake in the page, not a state to handle).
export function by_id(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no element #${id}.`);
  return found;
}

// A paragraph for an alert region: `message` replaces whatever it said.
export function show_alert(alert, message) {
  alert.replaceChildren(...(message ? [element('p', { text: message })] : []));
}

// An SVG element (charts drawn by the page): `attrs` as element()'s, the
// children appended. The namespace matters: an <rect> made by
// document.createElement draws nothing.
export function svg_element(tag, attrs = {}, children = []) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) set_attribute(node, name, value);
  node.append(...[children].flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}
