// "Add agent" in the admin console's People section: name, username, email,
// role, language and either a temporary password (changed at the first
// sign-in) or a mailed link to choose one. The core's rule for a new password
// (with the person's username, email and company) is checked before sending;
// the rest, the blocklist and a username or email already used are the
// server's field errors (POST /api/admin/users).
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { create_form_feedback, show_form_submitting } from './form_feedback.js';
import { signed_in } from './console_page.js';
import { reload_people } from './admin_people.js';
import { on_language_change } from './session_language.js';

const open_button = by_id('add-agent');
const panel = by_id('create-agent');
const form = by_id('create-agent-form');
const submit_button = by_id('create-agent-submit');
const cancel_button = by_id('create-agent-cancel');
const mode = by_id('password-mode');
const temporary_field = by_id('temporary-password-field');
const status_text = by_id('people-status');
const feedback = create_form_feedback(by_id('create-agent-alert'), form);

start();

async function start() {
  if (!(await signed_in)) return;
  on_language_change(feedback.render);
  open_button.addEventListener('click', () => show(panel.hidden));
  cancel_button.addEventListener('click', () => {
    show(false);
    open_button.focus();
  });
  mode.addEventListener('change', () => { temporary_field.hidden = mode.value !== 'temporary'; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!submit_button.disabled) create();
  });
}

function show(open) {
  panel.hidden = !open;
  open_button.setAttribute('aria-expanded', String(open));
  if (open) form.elements.display_name.focus();
}

async function create() {
  const values = {
    display_name: form.elements.display_name.value,
    username: form.elements.username.value,
    email: form.elements.email.value,
    role: form.elements.role.value,
    language: form.elements.language.value,
    temporary_password: mode.value === 'temporary' ? form.elements.temporary_password.value : null,
  };
  const refused = await temporary_password_errors(values);
  if (refused.length) {
    feedback.show_field_errors(refused);
    return;
  }
  feedback.clear();
  show_form_submitting(form, submit_button, true, { ready_key: 'admin.create_submit', busy_key: 'admin.create_submit' });
  const answer = await request('POST', '/api/admin/users', { body: values });
  show_form_submitting(form, submit_button, false, { ready_key: 'admin.create_submit', busy_key: 'admin.create_submit' });
  if (answer.status === 201) {
    form.reset();
    temporary_field.hidden = false;
    show(false);
    await reload_people();
    status_text.textContent = text('admin.created', { name: answer.body.user.display_name });
    open_button.focus();
    return;
  }
  feedback.show_failure(answer);
}

async function temporary_password_errors({ temporary_password, username, email }) {
  const console_state = await signed_in;
  if (temporary_password === null || !console_state?.core) return [];
  return console_state.core.validate_new_password({
    password: temporary_password, field: 'temporary_password', username, email, company: console_state.user.company,
  }).errors;
}
