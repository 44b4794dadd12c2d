// The bind page: a single sign-on came back with an external account that
// is linked to nobody yet, and the server holds a short-lived bind step
// (flow state "bind") named by the sign-in cookie. The person signs in once
// with their Twofold account (company, account, password) to link the two;
// from then on the provider alone signs them in. The answer goes on like
// the sign-in page's: home, the code page, a new password, Security
// settings (flow.js). Cancel ends the step and links nothing.
import { page_core } from './page_core.js';
import { text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { flow_state, follow_flow, has_flow } from './flow.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';
import { setup_password_toggle } from './password_toggle.js';

const form = by_id('bind-form');
const submit_button = by_id('bind-submit');
const cancel_button = by_id('bind-cancel');
const intro = by_id('bind-intro');
const feedback = create_form_feedback(by_id('form-alert'), form);

let bind = null;       // GET /api/session/bind's "bind": the provider, who, the company
let notice_key = null; // a catalog text the alert shows, written again when the language changes
let busy = false;      // one request at a time
let finished = false;  // on the way to another page, or at a dead end

// A page restored by the Back button may show a bind step that has since
// finished or expired: ask the server again.
addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});
setup_password_toggle(by_id('password'), by_id('show-password'));

start();

async function start() {
  const [core, answer] = await Promise.all([page_core(), request('GET', '/api/session/bind', { expect: is_bind_answer })]);
  if (core) setup_language_switch(by_id('language'), core, render_texts);
  by_id('bind-loading').hidden = true;
  const state = flow_state(answer);
  // Expired, cancelled, finished or opened directly: the message says so.
  if (state === 'password' || state === 'locked') {
    show_dead_end(answer);
    return;
  }
  if (state !== 'bind' || !answer.body?.bind) {
    if (!follow_flow(answer)) feedback.show_message(answer.message);
    return;
  }
  if (!core) {
    feedback.show_message(text('error.network'));
    return;
  }
  bind = answer.body.bind;
  render_texts();
  form.elements.company.value = bind.company ?? '';
  form.hidden = false;
  by_id('bind-cancel-row').hidden = false;
  (form.elements.company.value ? form.elements.account : form.elements.company).focus();

  take_over_submit(form, submit_button, () => exclusively(() => connect(core)));
  cancel_button.addEventListener('click', () => exclusively(cancel));
}

async function exclusively(work) {
  if (busy || finished) return;
  busy = true;
  try {
    await work();
  } finally {
    busy = false;
  }
}

// "You signed in with Google as Ann Example (ann@example.com)...": the
// address only when the provider vouched for it (the server leaves it out
// otherwise).
function render_texts() {
  if (notice_key) feedback.show_message(text(notice_key));
  else feedback.render();
  intro.hidden = !bind;
  if (!bind) return;
  const provider = bind.provider_name || bind.provider;
  const who = bind.name && bind.email ? text('sso.identity', { name: bind.name, email: bind.email })
    : bind.name || bind.email;
  intro.textContent = who ? text('bind.intro', { provider, who }) : text('bind.intro_anonymous', { provider });
}

// ---- Connect ----------------------------------------------------------------

async function connect(core) {
  const values = {
    company: form.elements.company.value,
    account: form.elements.account.value,
    password: form.elements.password.value,
  };
  const validation = core.validate_sign_in(values);
  if (!validation.ok) {
    feedback.show_field_errors(validation.errors);
    return;
  }
  feedback.clear();
  show_submitting(true);
  const answer = await request('POST', '/api/session/bind', { body: values });
  if (after_connect(answer)) return;
  show_submitting(false);
  feedback.show_failure(answer);
}

// Goes where the answer's flow state leads, and only by it (flow.js):
//   bind        the bind step still waits: the refusal is shown here (a
//               wrong password, too many attempts, field errors)
//   password    the bind step is gone (expired, cancelled, used): a dead end
//   locked      a dead end, with the lock's message
//   any other   its page: home, the code page, a new password, Security settings
// Returns true when this page is done, false when the answer is a
// refusal to show here (or no answer at all: no flow, the form stays).
function after_connect(answer) {
  const state = flow_state(answer);
  if (state === 'password' || state === 'locked') {
    show_dead_end(answer);
    return true;
  }
  if (state !== 'bind' && follow_flow(answer)) {
    finished = true;
    return true;
  }
  return false;
}

function show_submitting(submitting) {
  show_form_submitting(form, submit_button, submitting, { ready_key: 'bind.submit', busy_key: 'bind.submitting' });
}

// ---- Cancel and dead ends -------------------------------------------------------

// Ends the bind step on the server (nothing is linked), then back to the
// company's sign-in page.
// A flow, and in state bind the bind it waits with.
function is_bind_answer(body) {
  return has_flow(body) && (body.flow.state !== 'bind' || Boolean(body.bind));
}

async function cancel() {
  cancel_button.disabled = true;
  const answer = await request('DELETE', '/api/session/bind');
  if (follow_flow(answer, { password: sign_in_page() })) {
    finished = true;
    return;
  }
  cancel_button.disabled = false;
  feedback.show_message(answer.message);
}

// Nothing more can be done here: say why (`answer`'s message; an expired
// step in the catalog's words, which follow the page's language), and offer
// the sign-in page.
function show_dead_end(answer) {
  finished = true;
  const link = by_id('bind-next-link');
  link.href = sign_in_page();
  bind = null;
  notice_key = answer.body?.error?.code === 'bind_expired' || !answer.message ? 'error.bind_expired' : null;
  if (!notice_key) feedback.show_message(answer.message);
  render_texts();
  form.hidden = true;
  by_id('bind-cancel-row').hidden = true;
  by_id('bind-next').hidden = false;
  link.focus();
}

// The sign-in page, with the company's name when the page knows it.
function sign_in_page() {
  const company = bind?.company || form.elements.company.value.trim();
  return company ? `/?company=${encodeURIComponent(company)}` : '/';
}
