// The admin console's "Forget trusted browsers" for an agent: ends every
// browser where the agent ticked "Don't ask again", so their next sign-in
// asks for a code (POST /api/admin/users/{id}/trusted-browsers/revoke).
// The server checks the role and the company.
import { text } from './i18n.js';
import { request } from './api.js';
import { person_button, person_name } from './person_actions.js';

// A button for `person`'s row; the outcome is written to `status_element`
// (a role="status" region, so it is announced).
export function forget_browsers_button(person, status_element) {
  return person_button('admin.forget_browsers', person,
    (button) => forget(person, button, status_element));
}

async function forget(person, button, status_element) {
  button.disabled = true;
  status_element.textContent = '';
  const answer = await request('POST', `/api/admin/users/${encodeURIComponent(person.id)}/trusted-browsers/revoke`);
  button.disabled = false;
  status_element.textContent = answer.status === 204
    ? text('admin.browsers_forgotten', { name: person_name(person) }) : answer.message;
}
