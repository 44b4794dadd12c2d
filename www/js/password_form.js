// The new-password form of the reset and new-password pages: the password
// twice (they must match, checked here), the core's rule for a new password
// checked before sending, and the server's answer, which adds what only the
// server knows (the blocklist, the account's words) and has the final word.
import { page_core } from './page_core.js';
import { text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';

// `body_of(password)`: the request body; `on_answer(answer)` returns true
// when it handled the answer (the page is done).
export function setup_password_form({ path, body_of, on_answer }) {
  const form = by_id('password-form');
  const submit_button = by_id('password-submit');
  const done = by_id('password-done');
  const feedback = create_form_feedback(by_id('form-alert'), form);
  let done_key = '';

  function render() {
    feedback.render();
    done.textContent = done_key ? text(done_key) : '';
  }

  page_core().then((core) => {
    if (core) setup_language_switch(by_id('language'), core, render);
    else feedback.show_message(text('error.network'));
  });

  let busy = false;
  take_over_submit(form, submit_button, async () => {
    if (busy) return;
    const password = form.elements.password.value;
    if (password !== form.elements.confirm.value) {
      feedback.show_field_errors([{ field: 'confirm', code: 'mismatch', message_key: 'reset.mismatch' }]);
      return;
    }
    const errors = (await page_core())?.validate_new_password({ password }).errors ?? [];
    if (errors.length) {
      feedback.show_field_errors(errors);
      return;
    }
    busy = true;
    feedback.clear();
    show_form_submitting(form, submit_button, true, { ready_key: 'reset.submit', busy_key: 'reset.submitting' });
    const answer = await request('POST', path, { body: body_of(password) });
    show_form_submitting(form, submit_button, false, { ready_key: 'reset.submit', busy_key: 'reset.submitting' });
    busy = false;
    if (!on_answer(answer)) feedback.show_failure(answer);
  });

  // The form's work is over: hide it and say `key` in the status line.
  function finish(key) {
    done_key = key;
    form.hidden = true;
    feedback.clear();
    render();
  }

  return { finish, feedback };
}
