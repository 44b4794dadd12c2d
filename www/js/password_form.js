// The new-password form of the reset and new-password pages: the password
// twice (they must match, checked here), the rules shown beside it, and the
// server's answer. The server checks the rules (the core's); it has the final word.
import { loadCore } from './core_api.js';
import { current_language, text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { call_api, error_message } from './http.js';
import { create_form_feedback, show_form_submitting } from './form_feedback.js';

// `body_of(password)`: the request body; `on_answer(answer)` returns true
// when it handled the answer (the page is done).
export function setup_password_form({ path, body_of, on_answer }) {
  const form = document.getElementById('password-form');
  const submit_button = document.getElementById('password-submit');
  const done = document.getElementById('password-done');
  const feedback = create_form_feedback(document.getElementById('form-alert'), form);
  let done_key = '';

  function render() {
    feedback.render();
    done.textContent = done_key ? text(done_key) : '';
  }

  loadCore().then(
    (core) => setup_language_switch(document.getElementById('language'), core, render),
    () => feedback.show_message(text('error.network')),
  );

  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const password = form.elements.password.value;
    if (password !== form.elements.confirm.value) {
      feedback.show_field_errors([{ field: 'confirm', code: 'mismatch', message_key: 'reset.mismatch' }]);
      return;
    }
    busy = true;
    feedback.clear();
    show_form_submitting(form, submit_button, true, { ready_key: 'reset.submit', busy_key: 'reset.submitting' });
    const answer = await call_api('POST', path, { body: body_of(password), language: current_language() })
      .catch(() => null);
    show_form_submitting(form, submit_button, false, { ready_key: 'reset.submit', busy_key: 'reset.submitting' });
    busy = false;
    if (answer && on_answer(answer)) return;
    if (answer?.body?.error?.fields?.length) feedback.show_field_errors(answer.body.error.fields);
    else feedback.show_message(answer ? error_message(answer, text('error.internal')) : text('error.network'));
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
