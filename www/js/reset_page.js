// The page a reset link opens: /reset/#token=... The token is in the
// fragment, which browsers never send to a server (no logs, no Referer); it
// is read once and removed from the address bar and history.
import { text } from './i18n.js';
import { by_id } from './dom.js';
import { setup_password_form } from './password_form.js';

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
if (location.hash) history.replaceState(null, '', location.pathname);

const form = setup_password_form({
  path: '/api/password/reset',
  body_of: (password) => ({ token, password }),
  on_answer(answer) {
    if (answer.status === 204) {
      form.finish('reset.done');
      by_id('password-next').hidden = false;
      by_id('password-next-link').focus();
      return true;
    }
    if (answer.body?.error?.code === 'reset_link_invalid') {
      by_id('ask-again').hidden = false;
    }
    return false;
  },
});

if (!token) {
  form.feedback.show_message(text('reset.no_token'));
  by_id('password-form').hidden = true;
  by_id('ask-again').hidden = false;
}
