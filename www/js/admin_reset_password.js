// "Reset password" for a person in the admin console's People section: a
// temporary password (changed at the next sign-in) or a mailed link. Either
// way the server ends all of the person's sessions
// (POST /api/admin/users/{id}/password).
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, show_alert } from './dom.js';
import { person_button, person_name } from './person_actions.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';

const panel = by_id('reset-password');
const title = by_id('reset-password-title');
const form = by_id('reset-password-form');
const alert = by_id('reset-password-alert');
const mode = by_id('reset-mode');
const temporary_field = by_id('reset-temporary-field');
const temporary_input = by_id('reset-temporary');
const submit_button = by_id('reset-password-submit');
const status_text = by_id('people-status');

let target = null;  // {person, button}: whose password the form resets

mode.addEventListener('change', () => { temporary_field.hidden = mode.value !== 'temporary'; });
on_language_change(() => {
  if (target) title.textContent = text('admin.reset_title', { name: person_name(target.person) });
});
by_id('reset-password-cancel').addEventListener('click', () => close());
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (target && !submit_button.disabled) reset();
});

// The row's button that opens the form for `person`.
export function reset_password_button(person) {
  return person_button('admin.reset_password', person, (button) => open(person, button));
}

function open(person, button) {
  target = { person, button };
  title.textContent = text('admin.reset_title', { name: person_name(person) });
  form.reset();
  temporary_field.hidden = false;
  alert.replaceChildren();
  panel.hidden = false;
  mode.focus();
}

function close() {
  panel.hidden = true;
  target?.button.focus();
  target = null;
}

async function reset() {
  const { person } = target;
  const temporary = mode.value === 'temporary';
  const body = temporary ? { temporary_password: temporary_input.value } : {};
  const refused = temporary ? await temporary_password_errors(person, temporary_input.value) : [];
  if (refused.length) {
    show_field_error(refused[0]);
    return;
  }
  submit_button.disabled = true;
  alert.replaceChildren();
  const answer = await request('POST', `/api/admin/users/${encodeURIComponent(person.id)}/password`, { body });
  submit_button.disabled = false;
  if (answer.status === 204) {
    const name = person_name(person);
    close();
    status_text.textContent = text(temporary ? 'admin.reset_done_temporary' : 'admin.reset_done_link', { name });
    return;
  }
  const field = answer.body?.error?.fields?.[0];
  if (field) show_field_error(field);
  else show_alert(alert, answer.message);
  temporary_input.focus();
}

function show_field_error(field) {
  show_alert(alert, text(field.message_key, { field: text('field.temporary_password') }));
  temporary_input.focus();
}

// The core's rule for the person's new password, before it is sent.
async function temporary_password_errors(person, password) {
  const console_state = await signed_in;
  if (!console_state?.core) return [];
  return console_state.core.validate_new_password({
    password, field: 'temporary_password', username: person.username, email: person.email,
    company: console_state.user.company,
  }).errors;
}
