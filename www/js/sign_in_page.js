// The sign-in page. The wasm core checks the form first, so a mistake is
// shown at once and costs no request; the server checks it again and has
// the final word.
import { page_core } from './page_core.js';
import { current_language, text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { follow_flow } from './flow.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';

const form = by_id('sign-in-form');
const submit_button = by_id('sign-in-submit');
const feedback = create_form_feedback(by_id('form-alert'), form);

page_core().then((core) => {
  if (core) setup_language_switch(by_id('language'), core, feedback.render);
  else feedback.show_message(text('error.network'));
});

setup_password_toggle(by_id('password'), by_id('show-password'));

let busy = false;  // one sign-in at a time, whatever the number of clicks or Enter presses

// The Back button may restore this page as it was left: mid sign-in, with
// the password typed. Make it ready for a new sign-in instead.
addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  busy = false;
  show_submitting(false);
  form.elements.password.value = '';
});

take_over_submit(form, submit_button, async () => {
  if (busy) return;
  busy = true;
  const core = await page_core();
  if (core) {
    busy = await sign_in(core);
  } else {
    feedback.show_message(text('error.network'));
    busy = false;
  }
});

// Resolves to true when the browser is on its way to the signed-in page
// (further submits must then do nothing).
async function sign_in(core) {
  const values = {
    company: form.elements.company.value,
    account: form.elements.account.value,
    password: form.elements.password.value,
  };
  const validation = core.validate_sign_in(values);
  if (!validation.ok) {
    feedback.show_field_errors(validation.errors);
    return false;
  }

  feedback.clear();
  show_submitting(true);
  // The language chosen here is the session's (and the next pages').
  const answer = await request('POST', '/api/session', { body: { ...values, language: current_language() } });
  // On to the code page, a new password, Security settings or home.
  if (follow_flow(answer)) return true;
  show_submitting(false);
  show_refusal(answer);
  return false;
}

// Still here: the flow is back at the password (field errors, a refused or
// throttled sign-in, whose message says why), or locked (too many wrong
// codes: the message says until when, or to ask the administrator), or the
// server could not be reached. The server writes in the page's language.
function show_refusal(answer) {
  feedback.show_failure(answer);
}

function show_submitting(submitting) {
  show_form_submitting(form, submit_button, submitting, { ready_key: 'sign_in.submit', busy_key: 'sign_in.submitting' });
}

// Shows the password as plain text while the toggle is pressed (to check a
// long passphrase); its label stays the same, aria-pressed tells the state.
function setup_password_toggle(input, toggle) {
  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(show));
    input.type = show ? 'text' : 'password';
  });
}
