// The admin console's Security > Single sign-on (GET and PUT
// /api/admin/sso), below the lockout and 2FA policy: per provider (Google,
// Office 365, another OpenID provider) whether the sign-in page offers it,
// the client registered there (ID and secret), the issuer (Google's and
// Microsoft's own unless overridden), Office 365's tenant and the other
// provider's name; the redirect URI to register at each; and whether
// Twofold's second factor is asked after a single sign-on. The secret is
// never shown: the form says whether one is stored, and sends one only when
// typed. The server checks every value and names the fields it refuses
// ("providers.1.issuer").
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, show_alert } from './dom.js';
import { create_form_feedback, show_form_submitting } from './form_feedback.js';
import { action_name } from './person_actions.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';

// The issuers used when none is set (server/src/sso/sso_provider.hpp):
// Google's, and Microsoft's authority, before its tenant.
const default_issuers = {
  google: 'https://accounts.google.com',
  microsoft: 'https://login.microsoftonline.com',
};
// Office 365's tenants for everyone; any other value names one tenant.
const shared_tenants = ['common', 'organizations'];
// The providers this form has fields for; any other the server lists is
// left out of the request, and so stays as it is.
const known_providers = ['google', 'microsoft', 'oidc'];

// The member of a provider's entry that each field names, for messages.
const member_labels = {
  enabled: 'admin.sso_enabled',
  client_id: 'admin.sso_client_id',
  client_secret: 'admin.sso_client_secret',
  issuer: 'admin.sso_issuer',
  tenant: 'admin.sso_tenant',
  name: 'admin.sso_name',
};

const section = by_id('sso-settings');
const form = by_id('sso-form');
const save_button = by_id('sso-save');
const alert = by_id('sso-alert');
const status_text = by_id('sso-status');
const redirect_input = by_id('sso-redirect-uri');
const copy_button = by_id('sso-copy');
const copied_text = by_id('sso-copied');
const after_input = by_id('sso-two-factor-after');
const tenant_inputs = [...form.querySelectorAll('input[name="sso_tenant_mode"]')];
const feedback = create_form_feedback(alert, form, { field_label });

let shown = null;   // the settings as the server last answered them
let order = [];     // the providers' ids in the order they are sent (and named in errors)
let busy = false;
let copy_key = '';  // what the copy line says

start();

async function start() {
  if (!(await signed_in)) return;
  const answer = await request('GET', '/api/admin/sso', { expect: (body) => Array.isArray(body?.providers) });
  section.hidden = false;
  if (!answer.ok) {
    form.hidden = true;
    by_id('sso-redirect').hidden = true;
    show_alert(alert, answer.message);
    return;
  }
  show_settings(answer.body);
  render_texts();
  on_language_change(() => {
    status_text.textContent = '';
    render_texts();
  });
  for (const input of tenant_inputs) input.addEventListener('change', follow_tenant_mode);
  copy_button.addEventListener('click', copy_redirect_uri);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!busy) save();
  });
}

// ---- Showing ----------------------------------------------------------------

// GET's (or PUT's) answer -> the form. The secret fields are emptied: what
// is stored stays unknown here.
function show_settings(settings) {
  shown = settings;
  redirect_input.value = settings.redirect_uri ?? '';
  after_input.checked = settings.two_factor_after_sso === true;
  order = settings.providers.map((provider) => provider.id).filter((id) => known_providers.includes(id));
  for (const id of known_providers) by_id(`sso-${id}`).hidden = !order.includes(id);
  for (const [index, id] of order.entries()) {
    const provider = settings.providers.find((entry) => entry.id === id);
    // Named as the server names them in errors: providers.<index>.<member>.
    const prefix = `sso-${id}-`;
    for (const input of by_id(`sso-${id}`).querySelectorAll(`input[id^="${prefix}"]`)) {
      input.name = `providers.${index}.${input.id.slice(prefix.length)}`;
    }
    input_of(id, 'enabled').checked = provider.enabled === true;
    input_of(id, 'client_id').value = provider.client_id ?? '';
    input_of(id, 'client_secret').value = '';
    input_of(id, 'issuer').value = provider.issuer ?? '';
    if (id === 'microsoft') show_tenant(provider.tenant ?? 'common');
    if (id === 'oidc') input_of(id, 'name').value = provider.name ?? '';
  }
}

function show_tenant(tenant) {
  const mode = shared_tenants.includes(tenant) ? tenant : 'single';
  for (const input of tenant_inputs) input.checked = input.value === mode;
  input_of('microsoft', 'tenant').value = mode === 'single' ? tenant : '';
  follow_tenant_mode();
}

// The tenant's field counts only for one tenant.
function follow_tenant_mode() {
  input_of('microsoft', 'tenant').disabled = chosen_tenant_mode() !== 'single';
}

function chosen_tenant_mode() {
  return tenant_inputs.find((input) => input.checked)?.value ?? 'common';
}

// The texts the module writes: whether a secret is stored, the issuers
// used when none is typed, the copy button's name.
function render_texts() {
  for (const id of order) {
    const provider = shown.providers.find((entry) => entry.id === id);
    by_id(`sso-${id}-client_secret-hint`).textContent =
      text(provider.client_secret_set ? 'admin.sso_secret_set' : 'admin.sso_secret_unset');
    if (default_issuers[id]) {
      by_id(`sso-${id}-issuer-hint`).textContent = text('admin.sso_issuer_default', { issuer: default_issuers[id] });
    }
  }
  copy_button.setAttribute('aria-label', action_name(text('admin.copy'), text('admin.sso_redirect_uri')));
  copied_text.textContent = copy_key ? text(copy_key) : '';
  label_save_button();
  feedback.render();
}

// The Security section has another Save (the lockout's and policy's): this
// one is named "Save, Single sign-on" (its text first, whatever it shows).
function label_save_button() {
  save_button.setAttribute('aria-label', action_name(save_button.textContent, text('admin.sso_title')));
}

function input_of(id, member) {
  return by_id(`sso-${id}-${member}`);
}

// ---- Saving -------------------------------------------------------------------

async function save() {
  busy = true;
  feedback.clear();
  status_text.textContent = '';
  show_submitting(true);
  const answer = await request('PUT', '/api/admin/sso', { body: request_body() });
  show_submitting(false);
  busy = false;
  if (answer.ok && Array.isArray(answer.body?.providers)) {
    show_settings(answer.body);
    render_texts();
    status_text.textContent = text('admin.saved');
    return;
  }
  const fields = answer.body?.error?.fields;
  if (fields?.length) feedback.show_field_errors(in_form_order(fields));
  else feedback.show_failure(answer);
}

// The server lists a provider's malformed values before its missing ones;
// the summary reads better, and the focus goes to the first, in the
// form's order. Errors for no field of the form come last.
function in_form_order(errors) {
  const names = [...form.querySelectorAll('input[name]')].map((input) => input.name);
  const place = (error) => (names.includes(error.field) ? names.indexOf(error.field) : names.length);
  return [...errors].sort((a, b) => place(a) - place(b));
}

function show_submitting(submitting) {
  show_form_submitting(form, save_button, submitting, { ready_key: 'admin.save', busy_key: 'admin.saving' });
  label_save_button();
}

// The form as PUT /api/admin/sso takes it. A secret goes only when typed
// (left out, the stored one stays); texts are sent trimmed, for the server
// to check.
function request_body() {
  return {
    two_factor_after_sso: after_input.checked,
    providers: order.map((id) => {
      const entry = {
        id,
        enabled: input_of(id, 'enabled').checked,
        client_id: input_of(id, 'client_id').value.trim(),
        issuer: input_of(id, 'issuer').value.trim(),
      };
      const secret = input_of(id, 'client_secret').value.trim();
      if (secret) entry.client_secret = secret;
      if (id === 'microsoft') {
        const mode = chosen_tenant_mode();
        entry.tenant = mode === 'single' ? input_of(id, 'tenant').value.trim() : mode;
      }
      if (id === 'oidc') entry.name = input_of(id, 'name').value.trim();
      return entry;
    }),
  };
}

// "Client ID (Google)": a field the server refuses, by its label and provider.
function field_label(field) {
  const match = /^providers\.(\d+)\.(\w+)$/.exec(field);
  const id = match ? order[Number(match[1])] : undefined;
  if (!id) return field === 'two_factor_after_sso' ? text('admin.sso_two_factor_after') : field;
  const member = match[2];
  return text('admin.sso_field', {
    field: Object.hasOwn(member_labels, member) ? text(member_labels[member]) : member,
    provider: text(`admin.sso_provider_${id}`),
  });
}

// ---- Copying the redirect URI ---------------------------------------------------

async function copy_redirect_uri() {
  copy_key = '';
  copied_text.textContent = '';
  try {
    await navigator.clipboard.writeText(redirect_input.value);
    copy_key = 'admin.copied';
  } catch {
    // No clipboard access (an older browser, or permission refused): the
    // address is selected, ready for the keyboard's copy.
    redirect_input.focus();
    redirect_input.select();
    copy_key = 'admin.sso_copy_by_hand';
  }
  copied_text.textContent = text(copy_key);
}
