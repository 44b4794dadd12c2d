// The People table's per-person actions beyond Unlock: Edit (name, email,
// role, language) in a dialog, Disable / Enable, and Delete after a
// confirmation dialog. The server decides (PUT /api/admin/users/{id},
// POST .../disable and .../enable, DELETE /api/admin/users/{id}) and refuses
// an administrator's own role change, disabling or deleting themselves: the
// signed-in administrator's own row has no Disable or Delete button.
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';
import { create_form_feedback } from './form_feedback.js';
import { signed_in } from './console_page.js';

const edit_dialog = document.getElementById('agent-edit-dialog');
const edit_form = document.getElementById('agent-edit-form');
const edit_alert = document.getElementById('agent-edit-alert');
const name_input = document.getElementById('agent-display_name');
const email_input = document.getElementById('agent-email');
const role_select = document.getElementById('agent-role');
const language_select = document.getElementById('agent-language');
const save_button = document.getElementById('agent-edit-save');
const delete_dialog = document.getElementById('agent-delete-dialog');
const delete_form = document.getElementById('agent-delete-form');
const delete_alert = document.getElementById('agent-delete-alert');
const delete_button = document.getElementById('agent-delete-confirm');

const edit_feedback = create_form_feedback(edit_alert, edit_form);
// The person a dialog is open for, and what the table does afterwards.
let editing = null;   // { person, done }
let deleting = null;  // { person, done }
let own_id = null;

const ready = prepare();

async function prepare() {
  const session = await signed_in;
  if (!session) return;
  own_id = session.user.id;
  language_select.append(...session.core?.languages().languages.map(language_option) ?? []);
  document.getElementById('agent-edit-cancel').addEventListener('click', () => edit_dialog.close());
  document.getElementById('agent-delete-cancel').addEventListener('click', () => delete_dialog.close());
  edit_form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  delete_form.addEventListener('submit', (event) => {
    event.preventDefault();
    confirm_delete();
  });
}

function language_option({ tag, native_name }) {
  const option = document.createElement('option');
  option.value = tag;
  option.lang = tag;
  option.textContent = native_name;
  return option;
}

/**
 * The buttons for `person`'s row. `done(message)` reloads the table and then
 * announces `message`; `failed(answer)` shows a refused or failed request.
 */
export function agent_actions(person, { done, failed }) {
  const name = display_name(person);
  const buttons = [button('agent.edit', 'agent.edit_person', name, () => open_edit(person, done))];
  if (person.id === own_id) return buttons;
  if (person.disabled) {
    buttons.push(button('agent.enable', 'agent.enable_person', name, (element) =>
      change_disabled(person, element, false, { done, failed })));
  } else {
    buttons.push(button('agent.disable', 'agent.disable_person', name, (element) =>
      change_disabled(person, element, true, { done, failed })));
  }
  buttons.push(button('agent.delete', 'agent.delete_person', name, () => open_delete(person, done), 'danger'));
  return buttons;
}

// Resolves once the dialogs know the signed-in administrator (for their own row).
export const agent_actions_ready = ready;

function display_name(person) {
  return person.display_name || person.username;
}

function button(label_key, accessible_key, name, action, kind = 'secondary') {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `button ${kind}`;
  element.textContent = text(label_key);
  // Many rows have one: the accessible name says whose it is.
  element.setAttribute('aria-label', text(accessible_key, { name }));
  element.addEventListener('click', () => action(element));
  return element;
}

// ---- Edit -----------------------------------------------------------------

function open_edit(person, done) {
  editing = { person, done };
  edit_feedback.clear();
  name_input.value = person.display_name;
  email_input.value = person.email;
  role_select.value = person.role;
  // An administrator keeps their own role: the server refuses the change.
  role_select.disabled = person.id === own_id;
  language_select.value = person.language ?? '';
  save_button.disabled = false;
  edit_dialog.showModal();
  name_input.focus();
}

async function save() {
  const { person, done } = editing;
  save_button.disabled = true;
  const body = {
    display_name: name_input.value,
    email: email_input.value,
    role: role_select.value,
    language: language_select.value || null,
  };
  const answer = await call_api('PUT', `/api/admin/users/${encodeURIComponent(person.id)}`,
    { body, language: current_language() }).catch(() => null);
  save_button.disabled = false;
  if (answer?.ok) {
    edit_dialog.close();
    await done(text('agent.saved', { name: display_name(answer.body.user) }));
    return;
  }
  const fields = answer?.body?.error?.fields;
  if (fields?.length) edit_feedback.show_field_errors(fields);
  else edit_feedback.show_message(answer ? error_message(answer, text('error.internal')) : text('error.network'));
}

// ---- Disable and enable ---------------------------------------------------

async function change_disabled(person, element, disabled, { done, failed }) {
  element.disabled = true;
  const action = disabled ? 'disable' : 'enable';
  const answer = await call_api('POST', `/api/admin/users/${encodeURIComponent(person.id)}/${action}`,
    { language: current_language() }).catch(() => null);
  if (answer?.status !== 204) {
    element.disabled = false;
    failed(answer);
    return;
  }
  await done(text(disabled ? 'agent.disabled' : 'agent.enabled', { name: display_name(person) }));
}

// ---- Delete ---------------------------------------------------------------

function open_delete(person, done) {
  deleting = { person, done };
  delete_alert.replaceChildren();
  document.getElementById('agent-delete-title').textContent = text('agent.delete_title', { name: display_name(person) });
  delete_button.disabled = false;
  delete_dialog.showModal();
  document.getElementById('agent-delete-cancel').focus();
}

async function confirm_delete() {
  const { person, done } = deleting;
  delete_button.disabled = true;
  const answer = await call_api('DELETE', `/api/admin/users/${encodeURIComponent(person.id)}`,
    { language: current_language() }).catch(() => null);
  if (answer?.status !== 204) {
    delete_button.disabled = false;
    const message = document.createElement('p');
    message.textContent = answer ? error_message(answer, text('error.internal')) : text('error.network');
    delete_alert.replaceChildren(message);
    return;
  }
  delete_dialog.close();
  await done(text('agent.deleted', { name: display_name(person) }));
}
