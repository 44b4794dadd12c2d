// The buttons of a People row (Edit, Disable, Reset password, Get Backup
// Code, Unlock, ...). Many rows have the same buttons, so each one's
// accessible name says whose row it is.
import { text } from './i18n.js';
import { element } from './dom.js';

// The name a person goes by in the console.
export function person_name(person) {
  return person.display_name || person.username;
}

// A button showing the catalog text `label_key` for `person`, named by
// `name_key` (with {name}); `on_click` gets the button. `kind` is the
// button's look ('secondary', 'danger').
export function person_button(label_key, name_key, person, on_click, kind = 'secondary') {
  return element('button', {
    type: 'button',
    class: `button ${kind}`,
    text: text(label_key),
    attrs: { 'aria-label': text(name_key, { name: person_name(person) }) },
    on: { click: (event) => on_click(event.currentTarget) },
  });
}
