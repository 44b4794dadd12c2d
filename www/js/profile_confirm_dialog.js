// Security settings' confirmation dialog, for the changes that need one:
// turning two-factor authentication off, generating new backup codes and
// disconnecting a single sign-on account. They need a recent sign-in
// (step-up): when the server says the sign-in is too old (status
// step_up_required, or a 403 step_up_required), the dialog asks for the
// password too and sends it with the request.
import { text } from './i18n.js';
import { by_id } from './dom.js';
import { create_form_feedback } from './form_feedback.js';

// `page` is the profile page's context (profile_page.js): its `status` says
// whether the server wants the password now, `exclusive` runs one change at
// a time.
export function create_confirm_dialog(page) {
  const dialog = by_id('confirm-dialog');
  const form = by_id('confirm-form');
  const password_field = by_id('password-field');
  const feedback = create_form_feedback(by_id('confirm-alert'), form);
  let confirmed_action = null;

  by_id('confirm-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page.exclusive(() => confirmed_action());
  });

  // Opens the dialog with these catalog texts, filled with `params`
  // ({provider: 'Google'}); `action` runs on confirmation and closes the
  // dialog itself once it succeeded.
  function ask({ title, explanation, submit, params = {}, action }) {
    for (const [id, key] of [['confirm-title', title], ['confirm-text', explanation], ['confirm-submit', submit]]) {
      const shown = by_id(id);
      // A text with values is not the page's to translate: it is written
      // here, and a language change cannot happen while the dialog is open.
      if (Object.keys(params).length === 0) shown.dataset.i18n = key;
      else delete shown.dataset.i18n;
      shown.textContent = text(key, params);
    }
    confirmed_action = action;
    form.elements.password.value = '';
    feedback.clear();
    const password_needed = Boolean(page.status?.step_up_required);
    password_field.hidden = !password_needed;
    dialog.showModal();
    (password_needed ? form.elements.password : by_id('confirm-cancel')).focus();
  }

  // The body for a step-up request: the password when the dialog asked for it.
  function step_up_body() {
    return password_field.hidden ? undefined : { password: form.elements.password.value };
  }

  // A refused change; a 403 step_up_required means the sign-in is too old:
  // the password is needed now.
  function show_refusal(answer) {
    const code = answer.body?.error?.code;
    if (code === 'step_up_required') {
      password_field.hidden = false;
      if (page.status) page.status.step_up_required = true;
    }
    feedback.show_message(answer.message);
    if (code === 'step_up_required' || code === 'password_rejected') form.elements.password.focus();
  }

  return { ask, step_up_body, show_refusal, close: () => dialog.close() };
}
