// The People table's per-person actions beyond Unlock: Edit (name, email,
// role, language) in a dialog, Disable / Enable, and Delete after a
// confirmation dialog. The server decides (PUT /api/admin/users/{id},
// POST .../disable and .../enable, DELETE /api/admin/users/{id}) and refuses
// an administrator's own role change, disabling or deleting themselves: the
// signed-in administrator's own row has no Disable or Delete button.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, show_alert } from './dom.js';
import { create_form_feedback } from './form_feedback.js';
import { language_options } from './language_switch.js';
import { signed_in } from './console_page.js';
import { person_button, person_name } from './person_actions.js';

const edit_dialog = by_id('agent-edit-dialog');
const edit_form = by_id('agent-edit-form');
const edit_alert = by_id('agent-edit-alert');
const name_input = by_id('agent-display_name');
const email_input = by_id('agent-email');
const role_select = by_id('agent-role');
const language_select = by_id('agent-language');
const save_button = by_id('agent-edit-save');
const delete_dialog = by_id('agent-delete-dialog');
const delete_form = by_id('agent-delete-form');
const delete_alert = by_id('agent-delete-alert');
const delete_button = by_id('agent-delete-confirm');

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
  if (session.core) language_select.append(...language_options(session.core.languages()));
  by_id('agent-edit-cancel').addEventListener('click', () => edit_dialog.close());
  by_id('agent-delete-cancel').addEventListener('click', () => delete_dialog.close());
  edit_form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  delete_form.addEventListener('submit', (event) => {
    event.preventDefault();
    confirm_delete();
  });
}

/**
 * The buttons for `person`'s row. `done(message)` reloads the table and then
 * announces `message`; `failed(answer)` shows a refused or failed request.
 */
export function agent_actions(person, { done, failed }) {
  const edit = person_button('agent.edit', person, () => open_edit(person, done));
  if (person.id === own_id) return [edit];
  return [
    edit,
    person_button(person.disabled ? 'agent.enable' : 'agent.disable', person,
      (button) => change_disabled(person, button, !person.disabled, { done, failed })),
    person_button('agent.delete', person, () => open_delete(person, done), 'danger'),
  ];
}

// Resolves once the dialogs know the signed-in administrator (for their own row).
export const agent_actions_ready = ready;

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
  const answer = await request('PUT', `/api/admin/users/${encodeURIComponent(person.id)}`, { body });
  save_button.disabled = false;
  if (answer.ok) {
    edit_dialog.close();
    await done(text('agent.saved', { name: person_name(answer.body.user) }));
    return;
  }
  edit_feedback.show_failure(answer);
}

// ---- Disable and enable ---------------------------------------------------

async function change_disabled(person, button, disabled, { done, failed }) {
  button.disabled = true;
  const action = disabled ? 'disable' : 'enable';
  const answer = await request('POST', `/api/admin/users/${encodeURIComponent(person.id)}/${action}`);
  if (answer.status !== 204) {
    button.disabled = false;
    failed(answer);
    return;
  }
  await done(text(disabled ? 'agent.disabled' : 'agent.enabled', { name: person_name(person) }));
}

// ---- Delete ---------------------------------------------------------------

function open_delete(person, done) {
  deleting = { person, done };
  delete_alert.replaceChildren();
  by_id('agent-delete-title').textContent = text('agent.delete_title', { name: person_name(person) });
  delete_button.disabled = false;
  delete_dialog.showModal();
  by_id('agent-delete-cancel').focus();
}

async function confirm_delete() {
  const { person, done } = deleting;
  delete_button.disabled = true;
  const answer = await request('DELETE', `/api/admin/users/${encodeURIComponent(person.id)}`);
  if (answer.status !== 204) {
    delete_button.disabled = false;
    show_alert(delete_alert, answer.message);
    return;
  }
  delete_dialog.close();
  await done(text('agent.deleted', { name: person_name(person) }));
}
