// The buttons of a People row (Edit, Disable, Reset password, Get Backup
// Code, Unlock, ...). Many rows have the same buttons, so each one's
// accessible name adds whose row it is, after the text it shows: a button
// showing "Unlock" is announced as "Unlock, Demo Agent" (WCAG 2.5.3, label
// in name: what a voice-control user reads is what the button is called).
import { text } from './i18n.js';
import { element } from './dom.js';

// The name a person goes by in the console.
export function person_name(person) {
  return person.display_name || person.username;
}

// The accessible name of a button showing `label` that acts on `target`.
export function action_name(label, target) {
  return text('a11y.action_for', { action: label, name: target });
}

// A button showing the catalog text `label_key` for `person`; `on_click`
// gets the button. `kind` is the button's look ('secondary', 'danger').
export function person_button(label_key, person, on_click, kind = 'secondary') {
  const label = text(label_key);
  return element('button', {
    type: 'button',
    class: `button ${kind}`,
    text: label,
    attrs: { 'aria-label': action_name(label, person_name(person)) },
    on: { click: (event) => on_click(event.currentTarget) },
  });
}
