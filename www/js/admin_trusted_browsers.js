// The admin console's "Forget trusted browsers" for an agent: ends every
// browser where the agent ticked "Don't ask again", so their next sign-in
// asks for a code (POST /api/admin/users/{id}/trusted-browsers/revoke).
// The server checks the role and the company.
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';

// A button for `person`'s row; the outcome is written to `status_element`
// (a role="status" region, so it is announced).
export function forget_browsers_button(person, status_element) {
  const name = person.display_name || person.username;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = text('admin.forget_browsers');
  // Many rows have one: the accessible name says whose it is.
  button.setAttribute('aria-label', text('admin.forget_browsers_person', { name }));
  button.addEventListener('click', () => forget(person, name, button, status_element));
  return button;
}

async function forget(person, name, button, status_element) {
  button.disabled = true;
  status_element.textContent = '';
  const answer = await call_api('POST', `/api/admin/users/${encodeURIComponent(person.id)}/trusted-browsers/revoke`,
    { language: current_language() }).catch(() => null);
  button.disabled = false;
  status_element.textContent = answer?.status === 204 ? text('admin.browsers_forgotten', { name })
    : answer ? error_message(answer, text('error.internal')) : text('error.network');
}
