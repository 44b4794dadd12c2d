// Profile > Security settings: two-factor authentication (email codes or an
// authenticator app, one at a time) and the backup codes. The server holds
// the state and has the last word; this page shows what GET
// /api/me/two-factor says and walks the person through each change. The
// wasm core checks codes before they are sent, draws the QR Code and
// writes the backup codes file.
import { loadCore } from './core_api.js';
import { apply_catalog, current_language, preferred_language, text } from './i18n.js';
import { call_api, error_message, is_local_path } from './http.js';
import { create_form_feedback } from './form_feedback.js';
import { create_resend_button } from './resend_button.js';
import { draw_qr } from './qr_canvas.js';
import { show_trusted_browsers } from './profile_trusted_browsers.js';

const methods = ['email', 'app'];
const few_codes_left = 2;  // at or below this many unused backup codes, suggest new ones

const page_alert = document.getElementById('console-alert');
const code_dialog = document.getElementById('code-dialog');
const code_form = document.getElementById('code-form');
const code_feedback = create_form_feedback(document.getElementById('code-alert'), code_form);
const confirm_dialog = document.getElementById('confirm-dialog');
const confirm_form = document.getElementById('confirm-form');
const confirm_feedback = create_form_feedback(document.getElementById('confirm-alert'), confirm_form);

const state = {
  core: null,
  user: null,          // GET /api/me's user
  status: null,        // GET /api/me/two-factor's answer
  setup: null,         // the method whose code the dialog asks for, and its email hint
  fresh_codes: null,   // backup codes just generated: only in memory, the server keeps hashes
  confirm_action: null,
};
let resend = null;
let busy = false;  // one change at a time

addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});
start();

async function start() {
  const [core, me] = await Promise.all([loadCore().catch(() => null), get('/api/me')]);
  if (me?.status === 401) {
    location.replace('/');
    return;
  }
  state.core = core;
  document.getElementById('console-loading').hidden = true;
  if (!core || !me?.ok) {
    if (core) apply_catalog(core.catalog(preferred_language(core.languages())));
    show_page_error(me && core ? error_message(me, text('error.internal')) : text('error.network'));
    return;
  }
  apply_catalog(core.catalog(me.body.user.language));
  show_user(me.body);
  resend = create_resend_button(document.getElementById('code-resend'), core);
  wire_controls();
  await refresh_status();
}

function get(path) {
  return call_api('GET', path, { language: current_language() }).catch(() => null);
}

function send(method, path, body) {
  return call_api(method, path, { body, language: current_language() }).catch(() => null);
}

// ---- Header -----------------------------------------------------------------

// A user whose company requires 2FA and who has none is sent here after the
// password and can do nothing else until a method is on: say so, and offer
// no way back to the console until then.
function show_user({ user, home, two_factor_setup_required: setup_required }) {
  state.user = user;
  state.setup_required = setup_required === true;
  document.getElementById('setup-required').hidden = !state.setup_required;
  document.getElementById('back-to-console').hidden = state.setup_required;
  const console_home = is_local_path(home) ? home : '/';
  const back = document.getElementById('back-to-console');
  back.href = console_home;
  back.dataset.i18n = `profile.back_to_${user.role}`;
  back.textContent = text(back.dataset.i18n);
  document.getElementById('brand').href = console_home;
  const name = user.display_name || user.username;
  document.getElementById('signed-in-as').textContent = text('console.signed_in_as', { name });
  document.getElementById('session-controls').hidden = false;
  document.getElementById('security').hidden = false;
}

async function sign_out(button) {
  button.disabled = true;
  const answer = await send('DELETE', '/api/session');
  if (answer?.ok) {
    location.assign('/');
    return;
  }
  button.disabled = false;
  show_page_error(answer ? error_message(answer, text('error.internal')) : text('error.network'));
}

function show_page_error(message) {
  page_alert.textContent = message;
}

function show_success(key) {
  page_alert.textContent = '';
  document.getElementById('two-factor-message').textContent = key ? text(key) : '';
}

// ---- Controls ---------------------------------------------------------------

function wire_controls() {
  const on = (id, action) => document.getElementById(id).addEventListener('click', (event) => exclusive(action, event));
  document.getElementById('sign-out').addEventListener('click', (event) => sign_out(event.currentTarget));
  on('email-set-up', start_email_setup);
  on('app-set-up', start_app_setup);
  on('email-turn-off', ask_turn_off);
  on('app-turn-off', ask_turn_off);
  on('app-next', () => open_code_dialog('app'));
  on('app-cancel', close_app_setup);
  on('download-codes', download_codes);
  on('view-codes', toggle_codes_status);
  on('generate-codes', ask_new_codes);
  on('reminder-generate', ask_new_codes);
  on('code-resend', resend_setup_code);
  document.getElementById('code-cancel').addEventListener('click', () => code_dialog.close());
  document.getElementById('confirm-cancel').addEventListener('click', () => confirm_dialog.close());
  code_form.addEventListener('submit', (event) => {
    event.preventDefault();
    exclusive(confirm_setup);
  });
  confirm_form.addEventListener('submit', (event) => {
    event.preventDefault();
    exclusive(() => state.confirm_action());
  });
  code_dialog.addEventListener('close', () => resend.stop());
}

async function exclusive(action, event) {
  if (busy) return;
  busy = true;
  const button = event?.currentTarget;
  try {
    await action(button);
  } finally {
    busy = false;
  }
}

// ---- Status -----------------------------------------------------------------

async function refresh_status() {
  const answer = await get('/api/me/two-factor');
  if (answer?.status === 401) {
    location.replace('/');
    return;
  }
  if (!answer?.ok) {
    show_page_error(answer ? error_message(answer, text('error.internal')) : text('error.network'));
    return;
  }
  state.status = answer.body;
  render_status();
  if (state.setup_required && state.status.method) {
    const me = await get('/api/me');
    if (me?.ok) show_user(me.body);
  }
  await show_trusted_browsers({ available: !state.setup_required });
}

function render_status() {
  const { method: active, backup_codes: codes } = state.status;
  for (const method of methods) render_method(method, active);
  document.getElementById('backup-tools').hidden = !active;
  if (!active) hide_codes_status();
  render_reminder(active && codes && !codes.downloaded);
  const low = Boolean(active && codes && codes.unused <= few_codes_left);
  document.getElementById('backup-low').hidden = !low;
  if (low) document.getElementById('backup-low-text').textContent = text('backup_codes.ui_low', { count: codes.unused });
}

// Active, or not set up; while the other method is active this one cannot
// be set up, and says why.
function render_method(method, active) {
  const is_active = active === method;
  const blocked = Boolean(active) && !is_active;
  const badge = document.getElementById(`${method}-status`);
  badge.textContent = text(is_active ? 'two_factor.status_active' : 'two_factor.status_off');
  badge.classList.toggle('active', is_active);
  const set_up = document.getElementById(`${method}-set-up`);
  set_up.hidden = is_active;
  set_up.disabled = blocked;
  document.getElementById(`${method}-explanation`).hidden = !blocked;
  document.getElementById(`${method}-turn-off`).hidden = !is_active;
}

// The codes can be downloaded only while this page still holds them; after
// a reload the only way to a file is a new set of codes.
function render_reminder(needed) {
  document.getElementById('backup-reminder').hidden = !needed;
  if (!needed) return;
  const lost = state.fresh_codes === null;
  document.getElementById('backup-reminder-text').textContent =
    text(lost ? 'backup_codes.ui_reminder_lost' : 'backup_codes.ui_reminder_text');
  document.getElementById('reminder-generate').hidden = !lost;
}

// ---- Setting up -------------------------------------------------------------

async function start_email_setup() {
  show_success(null);
  close_app_setup();
  const answer = await send('POST', '/api/me/two-factor/email');
  if (answer?.ok) {
    open_code_dialog('email', answer.body);
    return;
  }
  // A code went out less than a minute ago (this setup, reopened): it still works.
  const error = answer?.body?.error;
  if (error?.code === 'resend_too_soon' && Number.isInteger(error.seconds)) {
    open_code_dialog('email', { email_hint: state.setup?.email_hint || state.user.email, resend_in: error.seconds });
    return;
  }
  show_refusal_on_page(answer);
}

async function start_app_setup() {
  show_success(null);
  const answer = await send('POST', '/api/me/two-factor/app');
  if (!answer?.ok) {
    show_refusal_on_page(answer);
    return;
  }
  const symbol = state.core.qrEncode(answer.body.otpauth_uri, { ecc: 'M' });
  if (symbol.error) {
    show_page_error(text('error.internal'));
    return;
  }
  draw_qr(document.getElementById('totp-qr'), symbol);
  document.getElementById('totp-secret').textContent = answer.body.secret_text;
  document.getElementById('app-setup').hidden = false;
  document.getElementById('app-setup-title').focus();
}

function close_app_setup() {
  document.getElementById('app-setup').hidden = true;
  document.getElementById('totp-secret').textContent = '';
}

// `email_setup` is the answer of POST /api/me/two-factor/email ({email_hint, resend_in}).
function open_code_dialog(method, email_setup = null) {
  state.setup = { method, email_hint: email_setup?.email_hint ?? '' };
  const explanation = document.getElementById('code-dialog-text');
  explanation.textContent = method === 'email'
    ? text('two_factor.code_dialog_email', { email: state.setup.email_hint })
    : text('two_factor.code_dialog_app');
  const resend_button = document.getElementById('code-resend');
  resend_button.hidden = method !== 'email';
  if (method === 'email') resend.wait(email_setup.resend_in ?? 0);
  code_form.elements.code.value = '';
  code_feedback.clear();
  code_dialog.showModal();
  code_form.elements.code.focus();
}

async function resend_setup_code() {
  const answer = await send('POST', '/api/me/two-factor/email');
  if (answer?.ok) {
    code_feedback.clear();
    resend.wait(answer.body.resend_in ?? 0);
    code_form.elements.code.focus();
    return;
  }
  const error = answer?.body?.error;
  if (error?.code === 'resend_too_soon' && Number.isInteger(error.seconds)) resend.wait(error.seconds);
  else resend.render();
  code_feedback.show_message(answer ? error_message(answer, text('error.internal')) : text('error.network'));
}

async function confirm_setup() {
  const checked = state.core.normalizeCode(code_form.elements.code.value);
  if (!checked.ok) {
    code_feedback.show_field_errors(checked.errors);
    return;
  }
  code_feedback.clear();
  const verify = document.getElementById('code-verify');
  verify.disabled = true;
  const answer = await send('POST', '/api/me/two-factor/confirm', { code: checked.code });
  verify.disabled = false;
  if (answer?.ok) {
    code_dialog.close();
    close_app_setup();
    state.setup = null;
    show_new_codes(answer.body.backup_codes.codes);
    show_success('two_factor.enabled');
    await refresh_status();
    return;
  }
  show_code_refusal(answer);
}

function show_code_refusal(answer) {
  const error = answer?.body?.error;
  if (error?.fields?.length) {
    code_feedback.show_field_errors(error.fields);
    return;
  }
  let message = answer ? error_message(answer, text('error.internal')) : text('error.network');
  if (error?.code === 'code_rejected' && Number.isInteger(error.attempts_left)) {
    message += ` ${text('verify.attempts_left', { count: error.attempts_left })}`;
  }
  code_feedback.show_message(message);
  code_form.elements.code.select();
}

function show_refusal_on_page(answer) {
  show_page_error(answer ? error_message(answer, text('error.internal')) : text('error.network'));
}

// ---- Backup codes -----------------------------------------------------------

function show_new_codes(codes) {
  state.fresh_codes = codes;
  const list = document.getElementById('new-codes-list');
  list.replaceChildren(...codes.map((code) => {
    const item = document.createElement('li');
    const shown = document.createElement('code');
    shown.textContent = code;
    item.append(shown);
    return item;
  }));
  document.getElementById('new-codes').hidden = false;
}

function hide_new_codes() {
  state.fresh_codes = null;
  document.getElementById('new-codes-list').replaceChildren();
  document.getElementById('new-codes').hidden = true;
}

// The file comes from the core (the same text in every build), is saved
// through a Blob, and the server then records the download.
async function download_codes() {
  const now = Date.now();
  const file = state.core.backupCodesFile({
    language: current_language(),
    product: text('app.name'),
    company: state.user.company,
    account: state.user.username,
    unix_time: Math.floor(now / 1000),
    utc_offset_minutes: -new Date(now).getTimezoneOffset(),
    codes: state.fresh_codes,
  });
  if (!file.ok) {
    show_page_error(text('error.internal'));
    return;
  }
  save_text_file(file.text, text('backup_codes.ui_file_name'));
  const answer = await send('POST', '/api/me/backup-codes/download');
  if (!answer?.ok) {
    show_refusal_on_page(answer);
    return;
  }
  await refresh_status();
}

function save_text_file(content, name) {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url));
}

async function toggle_codes_status(button) {
  if (button.getAttribute('aria-expanded') === 'true') {
    hide_codes_status();
    return;
  }
  await show_codes_status();
}

async function show_codes_status() {
  const answer = await get('/api/me/backup-codes');
  if (!answer?.ok) {
    show_refusal_on_page(answer);
    return;
  }
  const list = document.getElementById('codes-status');
  list.replaceChildren(...answer.body.codes.map(code_status_item));
  list.hidden = false;
  document.getElementById('view-codes').setAttribute('aria-expanded', 'true');
}

function hide_codes_status() {
  document.getElementById('codes-status').hidden = true;
  document.getElementById('view-codes').setAttribute('aria-expanded', 'false');
}

// "Code 3 — Used (22/11/2026, 09:14)"
function code_status_item({ number, used_at }) {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = text('backup_codes.ui_code_number', { number });
  const status = document.createElement('span');
  status.className = used_at ? 'code-state used' : 'code-state unused';
  status.textContent = used_at
    ? text('backup_codes.ui_used', { date: new Date(used_at).toLocaleString(current_language()) })
    : text('backup_codes.ui_unused');
  item.append(name, status);
  return item;
}

// ---- Confirmations (turn off, new codes) -------------------------------------

function ask_turn_off() {
  open_confirm_dialog({
    title: 'two_factor.turn_off_title', explanation: 'two_factor.turn_off_text', submit: 'two_factor.turn_off',
    action: turn_off,
  });
}

function ask_new_codes() {
  open_confirm_dialog({
    title: 'backup_codes.ui_generate_title', explanation: 'backup_codes.ui_generate_text',
    submit: 'backup_codes.ui_generate', action: generate_new_codes,
  });
}

function open_confirm_dialog({ title, explanation, submit, action }) {
  for (const [id, key] of [['confirm-title', title], ['confirm-text', explanation], ['confirm-submit', submit]]) {
    const element = document.getElementById(id);
    element.dataset.i18n = key;
    element.textContent = text(key);
  }
  state.confirm_action = action;
  confirm_form.elements.password.value = '';
  confirm_feedback.clear();
  ask_for_password(Boolean(state.status?.step_up_required));
  confirm_dialog.showModal();
  (state.status?.step_up_required ? confirm_form.elements.password : document.getElementById('confirm-cancel')).focus();
}

function ask_for_password(needed) {
  document.getElementById('password-field').hidden = !needed;
}

// The body for a step-up request: the password when the dialog asked for it.
function step_up_body() {
  const field = document.getElementById('password-field');
  return field.hidden ? undefined : { password: confirm_form.elements.password.value };
}

async function turn_off() {
  const answer = await send('DELETE', '/api/me/two-factor', step_up_body());
  if (answer?.status !== 204) {
    show_step_up_refusal(answer);
    return;
  }
  confirm_dialog.close();
  hide_new_codes();
  show_success('two_factor.disabled');
  await refresh_status();
}

async function generate_new_codes() {
  const answer = await send('POST', '/api/me/backup-codes', step_up_body());
  if (!answer?.ok) {
    show_step_up_refusal(answer);
    return;
  }
  confirm_dialog.close();
  show_new_codes(answer.body.codes);
  show_success(null);
  document.getElementById('new-codes-title').focus();
  await refresh_status();
  if (document.getElementById('view-codes').getAttribute('aria-expanded') === 'true') await show_codes_status();
}

// 403 step_up_required: the sign-in is too old, the password is needed now.
function show_step_up_refusal(answer) {
  const code = answer?.body?.error?.code;
  if (code === 'step_up_required') {
    ask_for_password(true);
    if (state.status) state.status.step_up_required = true;
  }
  confirm_feedback.show_message(answer ? error_message(answer, text('error.internal')) : text('error.network'));
  if (code === 'step_up_required' || code === 'password_rejected') confirm_form.elements.password.focus();
}
