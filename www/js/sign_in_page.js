// The sign-in page. The wasm core checks the form first, so a mistake is
// shown at once and costs no request; the server checks it again and has
// the final word. Beside the form, the company's single sign-on buttons
// (sign_in_sso.js); a company's own link "/?company=Demo" fills its name in.
import { page_core } from './page_core.js';
import { current_language, text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { follow_flow } from './flow.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';
import { setup_password_toggle } from './password_toggle.js';
import { setup_sso_buttons, sso_error_key } from './sign_in_sso.js';

const form = by_id('sign-in-form');
const submit_button = by_id('sign-in-submit');
const feedback = create_form_feedback(by_id('form-alert'), form);
// One sign-in at a time (with the password or single sign-on), whatever
// the number of clicks or Enter presses.
let busy = false;
// A catalog text the alert shows (a single sign-on that came back failed),
// written again when the language changes; null once something else shows.
let notice_key = take_address_parameters();
let sso = null;  // the single sign-on buttons, once the core is loaded

page_core().then((core) => {
  if (!core) {
    show_message(text('error.network'));
    return;
  }
  setup_language_switch(by_id('language'), core, render_texts);
  sso = setup_sso_buttons({
    company_input: form.elements.company,
    container: by_id('sso'),
    list: by_id('sso-buttons'),
    claim: () => !busy && (busy = true),
    release: () => { busy = false; },
    show_message,
  });
  render_texts();
});

setup_password_toggle(by_id('password'), by_id('show-password'));

// The Back button may restore this page as it was left: mid sign-in, with
// the password typed. Make it ready for a new sign-in instead.
addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  busy = false;
  show_submitting(false);
  sso?.reset();
  form.elements.password.value = '';
});

take_over_submit(form, submit_button, async () => {
  if (busy) return;
  busy = true;
  const core = await page_core();
  if (core) {
    busy = await sign_in(core);
  } else {
    show_message(text('error.network'));
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
  notice_key = null;
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

// What the page's address says: the company of a company's own link
// ("/?company=Demo") fills the field (the account's comes next), and a
// single sign-on that came back failed ("&sso_error=failed") leaves its
// message's key. The error is then dropped from the address, so that
// reloading the page does not tell it again.
function take_address_parameters() {
  const params = new URLSearchParams(location.search);
  const company = params.get('company');
  if (company) {
    form.elements.company.value = company;
    form.elements.account.focus();
  }
  const error_key = sso_error_key(params);
  if (error_key) history.replaceState(null, '', company ? `/?company=${encodeURIComponent(company)}` : '/');
  return error_key;
}

function show_message(message) {
  notice_key = null;
  feedback.show_message(message);
}

// Writes what the page composed again, in its current language.
function render_texts() {
  if (notice_key) feedback.show_message(text(notice_key));
  else feedback.render();
  sso?.render();
}
