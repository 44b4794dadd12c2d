// "Reset password" for a person in the admin console's People section: a
// temporary password (changed at the next sign-in) or a mailed link. Either
// way the server ends all of the person's sessions
// (POST /api/admin/users/{id}/password).
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';

const panel = document.getElementById('reset-password');
const title = document.getElementById('reset-password-title');
const form = document.getElementById('reset-password-form');
const alert = document.getElementById('reset-password-alert');
const mode = document.getElementById('reset-mode');
const temporary_field = document.getElementById('reset-temporary-field');
const temporary_input = document.getElementById('reset-temporary');
const submit_button = document.getElementById('reset-password-submit');
const status_text = document.getElementById('people-status');

let target = null;  // {person, button}: whose password the form resets

mode.addEventListener('change', () => { temporary_field.hidden = mode.value !== 'temporary'; });
document.getElementById('reset-password-cancel').addEventListener('click', () => close());
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (target && !submit_button.disabled) reset();
});

// The row's button that opens the form for `person`.
export function reset_password_button(person) {
  const name = person.display_name || person.username;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = text('admin.reset_password');
  button.setAttribute('aria-label', text('admin.reset_password_person', { name }));
  button.addEventListener('click', () => open(person, button));
  return button;
}

function open(person, button) {
  target = { person, button };
  title.textContent = text('admin.reset_title', { name: person.display_name || person.username });
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
  submit_button.disabled = true;
  alert.replaceChildren();
  const answer = await call_api('POST', `/api/admin/users/${encodeURIComponent(person.id)}/password`,
    { body, language: current_language() }).catch(() => null);
  submit_button.disabled = false;
  if (answer?.status === 204) {
    const name = person.display_name || person.username;
    close();
    status_text.textContent = text(temporary ? 'admin.reset_done_temporary' : 'admin.reset_done_link', { name });
    return;
  }
  const field = answer?.body?.error?.fields?.[0];
  const message = field ? text(field.message_key, { field: text('field.temporary_password') })
    : answer ? error_message(answer, text('error.internal')) : text('error.network');
  const paragraph = document.createElement('p');
  paragraph.textContent = message;
  alert.replaceChildren(paragraph);
  temporary_input.focus();
}
