// Forgot password: company and account go to the server, which answers the
// same whether or not they name an account; the page says so in those words.
import { page_core } from './page_core.js';
import { text } from './i18n.js';
import { setup_language_switch } from './language_switch.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { create_form_feedback, show_form_submitting, take_over_submit } from './form_feedback.js';

const form = by_id('forgot-form');
const submit_button = by_id('forgot-submit');
const sent = by_id('forgot-sent');
const feedback = create_form_feedback(by_id('form-alert'), form);
let sent_shown = false;

page_core().then((core) => {
  if (core) setup_language_switch(by_id('language'), core, render);
  else feedback.show_message(text('error.network'));
});

function render() {
  feedback.render();
  sent.textContent = sent_shown ? text('forgot.sent') : '';
}

let busy = false;
take_over_submit(form, submit_button, async () => {
  if (busy) return;
  busy = true;
  try {
    await send(await page_core());
  } finally {
    busy = false;
  }
});

async function send(core) {
  const values = { company: form.elements.company.value, account: form.elements.account.value };
  if (core) {
    // The sign-in's rules for company and account; the password is not asked here.
    const validation = core.validate_sign_in({ ...values, password: '-' });
    if (!validation.ok) {
      feedback.show_field_errors(validation.errors);
      return;
    }
  }
  feedback.clear();
  sent_shown = false;
  render();
  show_form_submitting(form, submit_button, true, { ready_key: 'forgot.submit', busy_key: 'forgot.submitting' });
  const answer = await request('POST', '/api/password/forgot', { body: values });
  show_form_submitting(form, submit_button, false, { ready_key: 'forgot.submit', busy_key: 'forgot.submitting' });
  if (answer.status === 202) {
    sent_shown = true;
    render();
  } else {
    feedback.show_failure(answer);
  }
}
