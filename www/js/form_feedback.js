// How a form shows what went wrong. Field errors appear twice, as people
// with and without screen readers need: a summary in the alert region (which
// is announced) linking to each field, and a message above each field, whose
// input is then aria-invalid and described by that message. A message from
// the server appears alone in the alert region.
import { text } from './i18n.js';
import { element, set_attribute } from './dom.js';

// `alert` is an element with role="alert"; every field <input> or <select name=F id=X>
// of `form` (F the field's name in errors; X unique on the page, F when the
// input has no name) has a <p id="X-error" hidden> for its message.
// `field_label(F)` names a field in its messages: by default the catalog's
// field.F ("Company is required.").
export function create_form_feedback(alert, form, { field_label = (field) => text(`field.${field}`) } = {}) {
  const inputs = [...form.querySelectorAll('input, select')];
  const own_descriptions = new Map(inputs.map((input) => [input, input.getAttribute('aria-describedby')]));
  let shown = { field_errors: [], message: '' };

  function clear() {
    shown = { field_errors: [], message: '' };
    render();
  }

  // `errors` are the core's or the server's [{field, code, message_key}], in
  // field order; focus moves to the first field in error.
  function show_field_errors(errors) {
    shown = { field_errors: first_error_per_field(errors), message: '' };
    render();
    input_for(shown.field_errors[0]?.field)?.focus();
  }

  function show_message(message) {
    shown = { field_errors: [], message };
    render();
  }

  // A refused or failed request (api.js's answer): the server's field errors
  // beside their fields, else its message.
  function show_failure(answer) {
    const fields = answer.body?.error?.fields;
    if (fields?.length) show_field_errors(fields);
    else show_message(answer.message);
  }

  // Writes the shown errors again, in the page's current language.
  function render() {
    for (const input of inputs) mark_field(input, shown.field_errors.find((error) => error.field === field_of(input)));
    if (shown.field_errors.length > 0) {
      alert.replaceChildren(error_summary(shown.field_errors));
    } else if (shown.message) {
      alert.replaceChildren(element('p', { text: shown.message }));
    } else {
      alert.replaceChildren();
    }
  }

  function mark_field(input, error) {
    const message = document.getElementById(`${input.id}-error`);
    if (!message) return;  // a choice (radio, checkbox) without a message of its own
    const descriptions = [error && message.id, own_descriptions.get(input)].filter(Boolean);
    message.hidden = !error;
    message.textContent = error ? field_message(error) : '';
    set_attribute(input, 'aria-invalid', error ? 'true' : null);
    set_attribute(input, 'aria-describedby', descriptions.join(' ') || null);
  }

  function error_summary(errors) {
    return element('div', { class: 'error-summary' }, [
      element('h2', { text: text('sign_in.errors_heading') }),
      element('ul', {}, errors.map((error) => element('li', {}, field_link(error)))),
    ]);
  }

  // A link that moves focus into the field (following "#id" alone would only scroll).
  function field_link(error) {
    return element('a', {
      href: `#${input_for(error.field)?.id ?? error.field}`,
      text: field_message(error),
      on: {
        click: (event) => {
          event.preventDefault();
          input_for(error.field)?.focus();
        },
      },
    });
  }

  function input_for(field) {
    return inputs.find((input) => field_of(input) === field);
  }

  // "Company is required.": the error's text with the field's name filled in.
  function field_message(error) {
    return text(error.message_key, { field: field_label(error.field) });
  }

  return { clear, show_field_errors, show_message, show_failure, render };
}

function field_of(input) {
  return input.name || input.id;
}

function first_error_per_field(errors) {
  return errors.filter((error, index) => errors.findIndex((other) => other.field === error.field) === index);
}

// Shows a form's submit button as busy ("Signing in…") or ready again, with
// the label's catalog key kept in data-i18n so a language switch relabels it.
export function show_form_submitting(form, button, submitting, { ready_key, busy_key }) {
  button.disabled = submitting;
  button.dataset.i18n = submitting ? busy_key : ready_key;
  button.textContent = text(button.dataset.i18n);
  form.setAttribute('aria-busy', String(submitting));
  // A disabled button drops the focus; give it back so a keyboard user stays in place.
  if (!submitting && document.activeElement === document.body) button.focus();
}

// Forms that send a password have no action or method and a submit button
// disabled in their markup: before the page's script is ready, neither a
// click nor Enter (implicit submission needs an enabled default button) can
// send them natively, which would show the API's raw answer or put the
// password in a URL. This takes over the submission, then enables the button.
export function take_over_submit(form, button, on_submit) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    on_submit(event);
  });
  button.disabled = false;
}
