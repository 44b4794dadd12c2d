// The "choose a new password" page of a sign-in with a temporary password:
// the server's new-password step (cookie twofold_new_password) turns into a
// session once a new password is set, and the browser goes home.
import { call_api, error_message, is_local_path } from './http.js';
import { text } from './i18n.js';
import { setup_password_form } from './password_form.js';

const form = setup_password_form({
  path: '/api/session/new-password',
  body_of: (password) => ({ password }),
  on_answer(answer) {
    if (answer.status === 200 && is_local_path(answer.body?.home)) {
      location.assign(answer.body.home);
      return true;
    }
    if (answer.status === 401) {
      gone();
      return false;
    }
    return false;
  },
});

function gone() {
  document.getElementById('password-form').hidden = true;
  document.getElementById('password-next').hidden = false;
}

// Nothing to do here without a step in progress (expired, or opened directly).
call_api('GET', '/api/session/new-password').then((answer) => {
  if (answer.status !== 200) {
    form.feedback.show_message(error_message(answer, text('error.internal')));
    gone();
  }
}, () => form.feedback.show_message(text('error.network')));
