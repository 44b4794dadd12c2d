// The "choose a new password" page of a sign-in with a temporary password:
// the server's new-password step (a cookie of its own) turns into a
// session once a new password is set, and the browser goes on where the
// flow's state says (flow.js).
import { request } from './api.js';
import { by_id } from './dom.js';
import { flow_state, follow_flow } from './flow.js';
import { setup_password_form } from './password_form.js';

const form = setup_password_form({
  path: '/api/session/new-password',
  body_of: (password) => ({ password }),
  // Signed in (or to set up 2FA): on to that page. Back at the password
  // (expired): say why, and offer the sign-in page. Still here: field errors.
  on_answer(answer) {
    if (follow_flow(answer)) return true;
    if (flow_state(answer) === 'password') gone();
    return false;
  },
});

function gone() {
  by_id('password-form').hidden = true;
  by_id('password-next').hidden = false;
}

// Nothing to do here without a step in progress (expired, or opened directly).
request('GET', '/api/session/new-password').then((answer) => {
  const state = flow_state(answer);
  if (state === 'new_password') return;
  if (state !== 'password' && follow_flow(answer)) return;
  form.feedback.show_message(answer.message);
  if (state === 'password') gone();
});
