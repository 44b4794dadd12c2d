// The second step of signing in ("Input Authentication Code"): the password
// was right, and the server holds a short-lived pending sign-in named by a
// cookie. This page asks which method it expects, checks the typed code
// with the wasm core before sending it, and finishes or cancels the sign-in.
import { page_core } from './page_core.js';
import { text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { flow_state, follow_flow, has_flow } from './flow.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';
import { create_resend_button } from './resend_button.js';

const form = by_id('code-form');
const submit_button = by_id('verify-submit');
const code_input = by_id('code');
const backup_input = by_id('backup_code');
const toggle_button = by_id('use-backup-code');
const resend_button = by_id('resend');
const cancel_button = by_id('cancel');
const method_text = by_id('verify-method');
const status_text = by_id('verify-status');
const remember_field = by_id('remember-field');
const remember_input = by_id('remember');
const feedback = create_form_feedback(by_id('form-alert'), form);

// What the page shows beyond the markup, kept so a language change can
// write it again: the pending sign-in and a status line.
const shown = { second_step: null, status: null };
let using_backup_code = false;
let busy = false;        // one request at a time
let finished = false;    // on the way to another page: the form stays locked
let resend = null;       // the countdown, once the core is loaded

// A page restored by the Back button may show a sign-in that has since
// finished or expired: ask the server again.
addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

start();

async function start() {
  const [core, pending] = await Promise.all([page_core(), get_second_step()]);
  if (core) setup_language_switch(by_id('language'), core, render_texts);
  by_id('verify-loading').hidden = true;
  const state = flow_state(pending);
  // No sign-in under way (expired, finished, opened directly): start again.
  if (state === 'password') {
    location.replace('/');
    return;
  }
  if (state === 'locked') {
    show_dead_end(lock_text(pending), 'nav.back_to_sign_in');
    return;
  }
  if (state !== 'second_factor') {
    if (!follow_flow(pending)) feedback.show_message(pending.message);
    return;
  }
  if (!core) {
    feedback.show_message(text('error.network'));
    return;
  }
  resend = create_resend_button(resend_button, core);
  show_second_step(pending.body.second_step);
  form.hidden = false;
  by_id('verify-actions').hidden = false;
  code_input.focus();

  take_over_submit(form, submit_button, () => {
    if (!busy && !finished) run_exclusively(() => verify(core));
  });
  toggle_button.addEventListener('click', () => use_backup_code(!using_backup_code));
  resend_button.addEventListener('click', () => {
    if (!busy && !finished) run_exclusively(send_new_code);
  });
  cancel_button.addEventListener('click', () => {
    if (!finished) run_exclusively(cancel);
  });
}

function get_second_step() {
  return request('GET', '/api/session/second-step', { expect: has_flow });
}

async function run_exclusively(work) {
  busy = true;
  try {
    await work();
  } finally {
    busy = false;
  }
}

// ---- Showing the pending sign-in ------------------------------------------

// "Don't ask again for N days" only when the server offers it (the
// company's policy lets this user skip the code on a trusted browser).
function show_second_step(second_step) {
  shown.second_step = second_step;
  remember_field.hidden = !Number.isInteger(second_step.remember_days);
  if (remember_field.hidden) remember_input.checked = false;
  // Email and SMS codes are sent, and may be sent again; an app shows its own.
  const sent = second_step.method === 'email' || second_step.method === 'sms';
  resend_button.hidden = !sent;
  if (sent) resend.wait(second_step.resend_in ?? 0);
  render_texts();
}

// Writes the texts this page composes in the current language.
function render_texts() {
  const second_step = shown.second_step;
  method_text.hidden = !second_step;
  if (second_step) {
    method_text.textContent = using_backup_code ? text('verify.backup_prompt')
      : second_step.method === 'email' ? text('verify.email_sent', { email: second_step.email_hint ?? '' })
      : second_step.method === 'sms' ? text('verify.sms_sent', { phone: second_step.phone_hint ?? '' })
      : text('verify.app_prompt');
  }
  if (second_step && Number.isInteger(second_step.remember_days)) {
    by_id('remember-label').textContent = text('verify.remember', { days: second_step.remember_days });
  }
  status_text.textContent = shown.status ? text(shown.status.key, shown.status.params) : '';
  resend?.render();
  feedback.render();
}

function show_status(key, params = {}) {
  shown.status = { key, params };
  render_texts();
}

// The two ways to finish: a code from the method, or a backup code.
function use_backup_code(backup) {
  using_backup_code = backup;
  by_id('code-field').hidden = backup;
  by_id('backup-code-field').hidden = !backup;
  toggle_button.dataset.i18n = backup ? 'verify.use_code' : 'verify.use_backup_code';
  toggle_button.textContent = text(toggle_button.dataset.i18n);
  feedback.clear();
  render_texts();
  (backup ? backup_input : code_input).focus();
}

// ---- Verify ---------------------------------------------------------------

async function verify(core) {
  const body = checked_code(core);
  if (!body) return;
  feedback.clear();
  show_submitting(true);
  const answer = await request('POST', '/api/session/second-step', { body });
  if (!after_step(answer)) show_submitting(false);
}

// Shows where a step's `answer` leaves the sign-in, by its flow's state:
// elsewhere (signed in, a new password first, 2FA to set up), at a dead
// end (expired: the error says why; locked), or still here with a refusal.
// Returns true when this page is done.
function after_step(answer) {
  const state = flow_state(answer);
  if (state === 'password') {
    show_dead_end(answer.message, 'verify.sign_in_again');
    return true;
  }
  if (state === 'locked') {
    show_dead_end(lock_text(answer), 'nav.back_to_sign_in');
    return true;
  }
  if (follow_flow(answer)) {
    finished = true;
    return true;
  }
  show_refusal(answer);  // second_factor (a wrong code, a field error, too soon), or no answer at all
  return false;
}

// The lock's message (the server's, in the page's language): until when, or
// to ask the administrator.
function lock_text(answer) {
  return answer.message || text('error.account_locked');
}

// The request body when the typed code is well-formed (the core says so),
// else null after showing why.
function checked_code(core) {
  const input = using_backup_code ? backup_input : code_input;
  const checked = using_backup_code ? core.normalize_backup_code(input.value) : core.normalize_code(input.value);
  if (!checked.ok) {
    // The core names a backup code's field "backup_code" and a code's "code", as the form does.
    feedback.show_field_errors(checked.errors);
    return null;
  }
  const body = using_backup_code ? { backup_code: checked.code } : { code: checked.code };
  return remember_input.checked ? { ...body, remember: true } : body;
}

function show_refusal(answer) {
  const error = answer.body?.error;
  if (error?.fields?.length) {
    feedback.show_field_errors(error.fields);
  } else if (error?.code === 'code_rejected') {
    feedback.show_message(answer.message);  // the lock warning in it when the lockout's rule says so
    const input = using_backup_code ? backup_input : code_input;
    input.select();
    input.focus();
  } else {
    feedback.show_message(answer.message);
  }
}

// Nothing more can be done here: say so and offer the way back, with the
// link's text (`link_key`) fitting what happened. Nothing asks for a code
// any more: no prompt, no form, no status line.
function show_dead_end(message, link_key) {
  finished = true;
  resend?.stop();
  Object.assign(shown, { second_step: null, status: null });
  render_texts();
  feedback.show_message(message);
  form.hidden = true;
  by_id('verify-actions').hidden = true;
  const link = document.querySelector('#sign-in-again a');
  link.dataset.i18n = link_key;
  link.textContent = text(link_key);
  by_id('sign-in-again').hidden = false;
  link.focus();
}

function show_submitting(submitting) {
  show_form_submitting(form, submit_button, submitting, { ready_key: 'verify.submit', busy_key: 'verify.submitting' });
}

// ---- Resend and cancel ----------------------------------------------------

async function send_new_code() {
  resend_button.disabled = true;
  const answer = await request('POST', '/api/session/second-step/resend');
  if (answer.ok && answer.body?.second_step) {
    feedback.clear();
    show_second_step(answer.body.second_step);
    const { method, email_hint, phone_hint } = answer.body.second_step;
    if (method === 'sms') show_status('verify.sms_resent', { phone: phone_hint ?? '' });
    else show_status('verify.resent', { email: email_hint ?? '' });
    code_input.focus();
    return;
  }
  const error = answer.body?.error;
  if (error?.code === 'resend_too_soon' && Number.isInteger(error.seconds)) resend.wait(error.seconds);
  else resend.render();
  after_step(answer);
}

// Discards the pending sign-in on the server, then starts over.
async function cancel() {
  cancel_button.disabled = true;
  const answer = await request('DELETE', '/api/session/second-step');
  if (follow_flow(answer)) {
    finished = true;
    return;
  }
  cancel_button.disabled = false;
  feedback.show_message(answer.message);
}
