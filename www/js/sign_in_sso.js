// The sign-in page's single sign-on: once the page knows the company (typed
// in its field, or given by a company's own link "/?company=Demo"), a
// button for each provider the company offers (GET /api/sso/providers). A
// button starts the sign-in at the provider (POST /api/sso/start, in the
// page's language) and sends the browser there; the provider sends it back
// to /sso/callback, which goes on to the next page, or back here with
// ?sso_error=... (see sso_error_key).
import { current_language, text } from './i18n.js';
import { request, web_address } from './api.js';
import { element } from './dom.js';

// Typing pauses this long before the company's providers are asked for.
const look_up_delay_ms = 400;

// What the callback's ?sso_error= says, as the catalog's texts. Any other
// value gets the generic failure: why a sign-in failed is for the audit
// log, not for whoever holds the browser.
const error_keys = {
  failed: 'error.sso_failed',
  locked: 'error.sso_locked',
  already_linked: 'error.sso_already_linked',
};

// The catalog key for the page's address `params` (URLSearchParams), or
// null when it carries no sso_error.
export function sso_error_key(params) {
  const error = params.get('sso_error');
  if (error === null) return null;
  return Object.hasOwn(error_keys, error) ? error_keys[error] : error_keys.failed;
}

// `company_input`: the sign-in form's company field; `container` holds the
// buttons (hidden while there are none), `list` is its <ul>.
// `claim()` returns false while the page is busy (a sign-in under way),
// else marks it busy; `release()` ends that. `show_message(text)` says why
// a start failed.
// Returns {render() (the buttons again, in the page's language), reset()
// (ready again, for a page restored by the Back button)}.
export function setup_sso_buttons({ company_input, container, list, claim, release, show_message }) {
  let providers = [];       // [{id, name}] of the company below
  let company = '';         // the company the shown buttons are for
  let asked_for = null;     // the company of the latest look-up
  let look_ups = 0;         // counts look-ups: an answer to an older one is dropped
  let timer = null;

  company_input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(look_up, look_up_delay_ms);
  });
  // Leaving the field (or autofill) needs no pause.
  company_input.addEventListener('change', () => {
    clearTimeout(timer);
    look_up();
  });
  look_up();

  async function look_up() {
    const wanted = company_input.value.trim();
    if (wanted === asked_for) return;
    asked_for = wanted;
    const ticket = ++look_ups;
    if (!wanted) {
      show('', []);
      return;
    }
    const answer = await request('GET', `/api/sso/providers?company=${encodeURIComponent(wanted)}`);
    if (ticket !== look_ups) return;
    const listed = answer.ok && Array.isArray(answer.body?.providers) ? answer.body.providers : [];
    // Asked again later: a failed look-up is not the company's answer.
    if (!answer.ok) asked_for = null;
    show(wanted, listed.filter((provider) => typeof provider?.id === 'string' && typeof provider?.name === 'string'));
  }

  function show(for_company, listed) {
    company = for_company;
    providers = listed;
    render();
  }

  function render() {
    list.replaceChildren(...providers.map((provider) => element('li', {}, element('button', {
      type: 'button',
      class: 'button secondary sso-button',
      text: text('sso.sign_in_with', { provider: provider.name }),
      on: { click: () => start(provider) },
    }))));
    container.hidden = providers.length === 0;
  }

  async function start(provider) {
    if (!claim()) return;
    set_disabled(true);
    const answer = await request('POST', '/api/sso/start', {
      body: { company, provider: provider.id, language: current_language() },
      expect: (body) => web_address(body?.redirect) !== null,
    });
    if (answer.ok) {
      location.assign(web_address(answer.body.redirect));  // stays busy: the browser is on its way
      return;
    }
    set_disabled(false);
    release();
    show_message(answer.message);
  }

  function set_disabled(disabled) {
    for (const button of list.querySelectorAll('button')) button.disabled = disabled;
  }

  return { render, reset: () => set_disabled(false) };
}
