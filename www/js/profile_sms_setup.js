// Security settings > the SMS method's number: the box with a country (each
// named in the page's language by Intl.DisplayNames, with its calling code
// from the core's list) and the number as the person types it. The wasm
// core brings it to E.164 before it is sent, the server checks it again and
// texts the code; a new number while SMS codes are on needs the password
// once the sign-in is older than the step-up window.
import { current_language, text } from './i18n.js';
import { request } from './api.js';
import { by_id, element } from './dom.js';
import { create_form_feedback, show_form_submitting } from './form_feedback.js';

// `page`: the profile page's context. `on_sent(answer_body)` gets the answer
// of POST /api/me/two-factor/sms ({phone_hint, resend_in, expires_in}).
// Returns {open(changing), close(), render()}.
export function create_sms_setup(page, { on_sent }) {
  const box = by_id('sms-setup');
  const form = by_id('sms-form');
  const country = form.elements.country;
  const phone = form.elements.phone;
  const password_field = by_id('sms-password-field');
  const send = by_id('sms-send');
  const feedback = create_form_feedback(by_id('sms-alert'), form);
  let changing = false;  // a new number for SMS codes that are on

  by_id('sms-cancel').addEventListener('click', close);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page.exclusive(submit);
  });

  // The countries by name in the current language, each "Name (+code)";
  // the choice is kept across a change of language.
  function fill_countries() {
    const chosen = country.value || region_of(navigator.language) || 'GB';
    const names = new Intl.DisplayNames([current_language()], { type: 'region' });
    const countries = page.core.phone_countries().countries
      .map(({ region, dial_code }) => ({ region, dial_code, name: names.of(region) ?? region }))
      .sort((a, b) => a.name.localeCompare(b.name, current_language()));
    country.replaceChildren(...countries.map(({ region, dial_code, name }) => element('option', {
      value: region, text: text('two_factor.sms_country_option', { country: name, dial_code }),
    })));
    country.value = countries.some(({ region }) => region === chosen) ? chosen : countries[0].region;
  }

  function open(change = false) {
    changing = change;
    const heading = by_id('sms-setup-title');
    heading.dataset.i18n = changing ? 'two_factor.sms_change_heading' : 'two_factor.sms_setup_heading';
    heading.textContent = text(heading.dataset.i18n);
    password_field.hidden = !(changing && page.status?.step_up_required);
    form.elements.password.value = '';
    feedback.clear();
    fill_countries();
    box.hidden = false;
    heading.focus();
  }

  function close() {
    box.hidden = true;
    phone.value = '';
    form.elements.password.value = '';
  }

  async function submit() {
    const checked = page.core.normalize_phone({ country: country.value, phone: phone.value });
    if (!checked.ok) {
      feedback.show_field_errors(checked.errors);
      return;
    }
    feedback.clear();
    const body = { country: country.value, phone: phone.value };
    if (!password_field.hidden) body.password = form.elements.password.value;
    show_form_submitting(form, send, true, { ready_key: 'two_factor.sms_send', busy_key: 'two_factor.sms_sending' });
    const answer = await request('POST', '/api/me/two-factor/sms', { body });
    show_form_submitting(form, send, false, { ready_key: 'two_factor.sms_send', busy_key: 'two_factor.sms_sending' });
    if (answer.ok) {
      close();
      on_sent(answer.body);
      return;
    }
    const code = answer.body?.error?.code;
    if (code === 'step_up_required' || code === 'password_rejected') {
      password_field.hidden = false;
      if (page.status) page.status.step_up_required = true;
      feedback.show_message(answer.message);
      form.elements.password.focus();
      return;
    }
    feedback.show_failure(answer);
  }

  // A change of language: the country names and the shown errors again.
  function render() {
    if (box.hidden) return;
    fill_countries();
    feedback.render();
  }

  return { open, close, render };
}

// "en-GB" -> "GB"; none for a language without a region.
function region_of(tag) {
  try {
    return new Intl.Locale(tag).region;
  } catch {
    return undefined;
  }
}
