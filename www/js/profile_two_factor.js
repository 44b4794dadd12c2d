// Security settings > Two-Factor Authentication: the three methods (email
// codes, authenticator app, SMS codes; one active at a time), setting one up
// (email: a code is mailed; app: the QR Code and the secret as text, then a
// code from the app; SMS: a country and a number, then the code texted
// there) through the code dialog, changing the SMS number the same way, and
// turning the active one off after a confirmation. The wasm core checks codes before they are sent and
// draws the QR Code; the server holds the state and has the last word.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { create_form_feedback } from './form_feedback.js';
import { create_resend_button } from './resend_button.js';
import { draw_qr } from './qr_canvas.js';
import { create_sms_setup } from './profile_sms_setup.js';

const methods = ['email', 'app', 'sms'];

// `page`: the profile page's context (profile_page.js). `confirm`: the
// confirmation dialog (profile_confirm_dialog.js). `on_enabled(codes)` gets
// the backup codes of a method just turned on, `on_disabled()` is called
// once 2FA is off, `on_number_changed()` once SMS codes go to a new number.
// Returns {render(status)}: shows GET /api/me/two-factor's answer.
export function create_two_factor_panel(page, { confirm, on_enabled, on_disabled, on_number_changed }) {
  const code_dialog = by_id('code-dialog');
  const code_form = by_id('code-form');
  const code_feedback = create_form_feedback(by_id('code-alert'), code_form);
  const resend_button = by_id('code-resend');
  const resend = create_resend_button(resend_button, page.core);
  let setup = null;  // the method whose code the dialog asks for, and where it went (email or phone hint)
  const sms_setup = create_sms_setup(page, {
    on_sent: (answer) => open_code_dialog('sms', answer),
  });

  const on = (id, action) => by_id(id).addEventListener('click', () => page.exclusive(action));
  on('email-set-up', start_email_setup);
  on('app-set-up', start_app_setup);
  on('email-turn-off', ask_turn_off);
  on('app-turn-off', ask_turn_off);
  on('sms-set-up', () => start_sms_setup(false));
  on('sms-change', () => start_sms_setup(true));
  on('sms-turn-off', ask_turn_off);
  on('app-next', () => open_code_dialog('app'));
  on('app-cancel', close_app_setup);
  on('code-resend', resend_setup_code);
  by_id('code-cancel').addEventListener('click', () => code_dialog.close());
  code_form.addEventListener('submit', (event) => {
    event.preventDefault();
    page.exclusive(confirm_setup);
  });
  code_dialog.addEventListener('close', () => resend.stop());

  // Active, or not set up; while the other method is active this one cannot
  // be set up, and says why.
  function render({ method: active, phone_hint: phone }) {
    for (const method of methods) {
      const is_active = active === method;
      const blocked = Boolean(active) && !is_active;
      const badge = by_id(`${method}-status`);
      badge.textContent = text(is_active ? 'two_factor.status_active' : 'two_factor.status_off');
      badge.classList.toggle('active', is_active);
      const set_up = by_id(`${method}-set-up`);
      set_up.hidden = is_active;
      set_up.disabled = blocked;
      by_id(`${method}-explanation`).hidden = !blocked;
      by_id(`${method}-turn-off`).hidden = !is_active;
    }
    const number = by_id('sms-number');
    number.hidden = !(active === 'sms' && phone);
    number.textContent = number.hidden ? '' : text('two_factor.sms_number', { phone });
    by_id('sms-change').hidden = active !== 'sms';
    sms_setup.render();
    if (code_dialog.open && setup) write_code_dialog_text();
  }

  // ---- Setting up -------------------------------------------------------------

  async function start_email_setup() {
    page.show_success(null);
    close_app_setup();
    sms_setup.close();
    const answer = await request('POST', '/api/me/two-factor/email');
    if (answer.ok) {
      open_code_dialog('email', answer.body);
      return;
    }
    // A code went out less than a minute ago (this setup, reopened): it still works.
    const error = answer.body?.error;
    if (error?.code === 'resend_too_soon' && Number.isInteger(error.seconds)) {
      open_code_dialog('email', { email_hint: setup?.email_hint || page.user.email, resend_in: error.seconds });
      return;
    }
    page.show_error(answer.message);
  }

  async function start_app_setup() {
    page.show_success(null);
    sms_setup.close();
    const answer = await request('POST', '/api/me/two-factor/app');
    if (!answer.ok) {
      page.show_error(answer.message);
      return;
    }
    const symbol = page.core.qr_encode(answer.body.otpauth_uri, { ecc: 'M' });
    if (symbol.error) {
      page.show_error(text('error.internal'));
      return;
    }
    draw_qr(by_id('totp-qr'), symbol);
    by_id('totp-secret').textContent = answer.body.secret_text;
    by_id('app-setup').hidden = false;
    by_id('app-setup-title').focus();
  }

  function start_sms_setup(changing) {
    page.show_success(null);
    close_app_setup();
    sms_setup.open(changing);
  }

  function close_app_setup() {
    by_id('app-setup').hidden = true;
    by_id('totp-secret').textContent = '';
  }

  // `sent` is the answer of POST /api/me/two-factor/email ({email_hint,
  // resend_in}) or .../sms ({phone_hint, resend_in}).
  function open_code_dialog(method, sent = null) {
    setup = { method, email_hint: sent?.email_hint ?? '', phone_hint: sent?.phone_hint ?? '' };
    write_code_dialog_text();
    resend_button.hidden = method === 'app';
    if (method !== 'app') resend.wait(sent.resend_in ?? 0);
    code_form.elements.code.value = '';
    code_feedback.clear();
    code_dialog.showModal();
    code_form.elements.code.focus();
  }

  function write_code_dialog_text() {
    by_id('code-dialog-text').textContent = setup.method === 'email'
      ? text('two_factor.code_dialog_email', { email: setup.email_hint })
      : setup.method === 'sms' ? text('two_factor.code_dialog_sms', { phone: setup.phone_hint })
      : text('two_factor.code_dialog_app');
  }

  async function resend_setup_code() {
    const target = setup?.method === 'sms' ? '/api/me/two-factor/sms/resend' : '/api/me/two-factor/email';
    const answer = await request('POST', target);
    if (answer.ok) {
      code_feedback.clear();
      resend.wait(answer.body.resend_in ?? 0);
      code_form.elements.code.focus();
      return;
    }
    const error = answer.body?.error;
    if (error?.code === 'resend_too_soon' && Number.isInteger(error.seconds)) resend.wait(error.seconds);
    else resend.render();
    code_feedback.show_message(answer.message);
  }

  async function confirm_setup() {
    const checked = page.core.normalize_code(code_form.elements.code.value);
    if (!checked.ok) {
      code_feedback.show_field_errors(checked.errors);
      return;
    }
    code_feedback.clear();
    const verify = by_id('code-verify');
    verify.disabled = true;
    const answer = await request('POST', '/api/me/two-factor/confirm', { body: { code: checked.code } });
    verify.disabled = false;
    if (answer.ok) {
      code_dialog.close();
      close_app_setup();
      setup = null;
      // A new SMS number keeps the backup codes: the answer has none.
      if (answer.body.backup_codes) await on_enabled(answer.body.backup_codes.codes);
      else await on_number_changed();
      return;
    }
    show_code_refusal(answer);
  }

  function show_code_refusal(answer) {
    const error = answer.body?.error;
    if (error?.fields?.length) {
      code_feedback.show_field_errors(error.fields);
      return;
    }
    let message = answer.message;
    if (error?.code === 'code_rejected' && Number.isInteger(error.attempts_left)) {
      message += ` ${text('verify.attempts_left', { count: error.attempts_left })}`;
    }
    code_feedback.show_message(message);
    code_form.elements.code.select();
  }

  // ---- Turning off --------------------------------------------------------------

  function ask_turn_off() {
    confirm.ask({
      title: 'two_factor.turn_off_title', explanation: 'two_factor.turn_off_text', submit: 'two_factor.turn_off',
      action: turn_off,
    });
  }

  async function turn_off() {
    const answer = await request('DELETE', '/api/me/two-factor', { body: confirm.step_up_body() });
    if (answer.status !== 204) {
      confirm.show_refusal(answer);
      return;
    }
    confirm.close();
    await on_disabled();
  }

  return { render };
}
