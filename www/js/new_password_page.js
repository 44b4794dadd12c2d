// The "choose a new password" page of a sign-in with a temporary password:
// the server's new-password step (cookie twofold_new_password) turns into a
// session once a new password is set, and the browser goes home.
import { is_local_path, request } from './api.js';
import { by_id } from './dom.js';
import { setup_password_form } from './password_form.js';

const form = setup_password_form({
  path: '/api/session/new-password',
  body_of: (password) => ({ password }),
  on_answer(answer) {
    if (answer.status === 200 && is_local_path(answer.body?.home)) {
      location.assign(answer.body.home);
      return true;
    }
    if (answer.status === 401) gone();
    return false;
  },
});

function gone() {
  by_id('password-form').hidden = true;
  by_id('password-next').hidden = false;
}

// Nothing to do here without a step in progress (expired, or opened directly).
request('GET', '/api/session/new-password').then((answer) => {
  if (answer.ok) return;
  form.feedback.show_message(answer.message);
  if (answer.status !== 0) gone();
});
