// The admin console's Security section: how long an account stays locked
// after five wrong authentication codes, the 2FA policy (a code at every
// login, or agents may skip it on a trusted browser for 14 to 90 days), when
// the second factor is asked (at every sign-in, on a new device, from a new
// location: any combination, at least one) and "Require 2FA for all users"
// (GET and PUT /api/admin/security). The server validates every value and
// has the final word.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, show_alert } from './dom.js';
import { show_form_submitting } from './form_feedback.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';

const section = by_id('security');
const form = by_id('security-form');
const save_button = by_id('security-save');
const minutes_input = by_id('lock_minutes');
const minutes_error = by_id('lock_minutes-error');
const alert = by_id('security-alert');
const status_text = by_id('security-status');
const mode_inputs = [...form.querySelectorAll('input[name="lock_mode"]')];
const skip_inputs = [...form.querySelectorAll('input[name="skip_days"]')];
const require_input = by_id('require_two_factor');
const ask_rules = ['every_sign_in', 'new_device', 'new_location'];
const ask_inputs = ask_rules.map((rule) => form.elements[rule]);
const ask_error = by_id('ask_second_factor-error');

let busy = false;

start();

async function start() {
  if (!(await signed_in)) return;
  const answer = await request('GET', '/api/admin/security', { expect: is_settings });
  section.hidden = false;
  if (!answer.ok) {
    form.hidden = true;
    show_alert(alert, answer.message);
    return;
  }
  label_skip_days();
  on_language_change(() => {
    label_skip_days();
    status_text.textContent = '';
  });
  show_settings(answer.body);
  for (const input of mode_inputs) input.addEventListener('change', follow_mode);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!busy) save();
  });
}

function label_skip_days() {
  for (const label of form.querySelectorAll('.skip-days-label')) {
    label.textContent = text('admin.policy_skip_days', { days: Number(label.dataset.days) });
  }
}

// An answer of GET and PUT /api/admin/security.
function is_settings(body) {
  return Boolean(body?.lock_mode);
}

// {lock_mode, lock_minutes?, default_lock_minutes, two_factor_policy: {skip_days}, require_two_factor} -> the form.
// A lock until unlocked shows the server's default for a timed one.
function show_settings(settings) {
  for (const input of mode_inputs) input.checked = input.value === settings.lock_mode;
  const skip_days = String(settings.two_factor_policy?.skip_days ?? '');
  for (const input of skip_inputs) input.checked = input.value === skip_days;
  require_input.checked = settings.require_two_factor === true;
  ask_rules.forEach((rule, index) => { ask_inputs[index].checked = settings.ask_second_factor?.[rule] === true; });
  minutes_input.value = String(settings.lock_minutes ?? settings.default_lock_minutes ?? '');
  follow_mode();
}

// The minutes count only for a timed lock.
function follow_mode() {
  minutes_input.disabled = chosen_mode() !== 'timed';
}

function chosen_mode() {
  return mode_inputs.find((input) => input.checked)?.value ?? 'until_unlocked';
}

// ---- Save -----------------------------------------------------------------

async function save() {
  busy = true;
  clear_feedback();
  show_form_submitting(form, save_button, true, { ready_key: 'admin.save', busy_key: 'admin.saving' });
  const answer = await request('PUT', '/api/admin/security', { body: request_body(), expect: is_settings });
  show_form_submitting(form, save_button, false, { ready_key: 'admin.save', busy_key: 'admin.saving' });
  busy = false;
  if (answer.ok) {
    show_settings(answer.body);
    status_text.textContent = text('admin.saved');
    return;
  }
  const fields = answer.body?.error?.fields;
  if (fields?.length) show_field_error(fields[0]);
  else show_alert(alert, answer.message);
}

// Digits become a number; anything else goes as typed, for the server to refuse.
function request_body() {
  const lock_mode = chosen_mode();
  const chosen_days = skip_inputs.find((input) => input.checked)?.value ?? '';
  const policy = {
    two_factor_policy: { skip_days: chosen_days === '' ? null : Number(chosen_days) },
    require_two_factor: require_input.checked,
    ask_second_factor: Object.fromEntries(ask_rules.map((rule, index) => [rule, ask_inputs[index].checked])),
  };
  if (lock_mode !== 'timed') return { lock_mode, ...policy };
  const typed = minutes_input.value.trim();
  return { lock_mode, lock_minutes: /^[0-9]{1,9}$/.test(typed) ? Number(typed) : typed, ...policy };
}

// ---- Feedback -------------------------------------------------------------

// The catalog's field.* names do not cover this form: its own labels name
// the fields. The message shows above the field and in the alert region
// (which is announced); focus moves to the field.
function show_field_error(error) {
  const named = ask_rules.includes(error.field) ? 'ask_second_factor' : error.field;
  const message = text(error.message_key, { field: text(`admin.field_${named}`) });
  show_alert(alert, message);
  if (error.field === 'ask_second_factor' || ask_rules.includes(error.field)) {
    ask_error.textContent = message;
    ask_error.hidden = false;
    ask_error.closest('fieldset').setAttribute('aria-describedby', 'ask_second_factor-error ask_second_factor-hint');
    ask_inputs[0].focus();
    return;
  }
  if (error.field !== 'lock_minutes') return;
  minutes_error.textContent = message;
  minutes_error.hidden = false;
  minutes_input.setAttribute('aria-invalid', 'true');
  minutes_input.setAttribute('aria-describedby', 'lock_minutes-error lock_minutes-hint');
  minutes_input.focus();
}

function clear_feedback() {
  alert.replaceChildren();
  status_text.textContent = '';
  minutes_error.hidden = true;
  minutes_error.textContent = '';
  ask_error.hidden = true;
  ask_error.textContent = '';
  ask_error.closest('fieldset').setAttribute('aria-describedby', 'ask_second_factor-hint');
  minutes_input.removeAttribute('aria-invalid');
  minutes_input.setAttribute('aria-describedby', 'lock_minutes-hint');
}
