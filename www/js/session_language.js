// The language menu of the signed-in pages' header: the session speaks the
// language chosen on the sign-in page (POST /api/session's "language"), and
// this menu changes it for the session (PUT /api/me/language with save
// false; Security settings can save it as the account's, see
// profile_language.js). The page is then translated in place: the markup by
// the catalog, and what scripts wrote by the renderers registered here.
import { apply_catalog, remember_language } from './i18n.js';
import { request } from './api.js';
import { language_options } from './language_switch.js';

const renderers = [];

// `render()` writes again, in the page's new language, what a script wrote.
export function on_language_change(render) {
  renderers.push(render);
}

// Fills and shows the header's menu `select` with the core's languages,
// `language` (the session's, GET /api/me's user.language) chosen.
// `on_error(message)` shows a change the server refused or could not hear.
export function setup_session_language(select, core, language, { on_error }) {
  select.replaceChildren(...language_options(core.languages()));
  select.value = language;
  select.closest('.language-switch').hidden = false;
  let shown = language;

  select.addEventListener('change', async () => {
    const chosen = select.value;
    select.disabled = true;
    const answer = await change_language(chosen, { save: false });
    select.disabled = false;
    if (!answer.ok) {
      select.value = shown;
      on_error(answer.message);
      return;
    }
    shown = answer.body?.user?.language ?? chosen;
    select.value = shown;
    // The sign-in page of this browser offers it next time too.
    remember_language(shown);
    apply_catalog(core.catalog(shown));
    for (const render of renderers) render();
    select.focus();
  });
}

// PUT /api/me/language: the session's language, and with `save` the
// account's too. Resolves to api.js's answer (200: like GET /api/me).
export function change_language(language, { save }) {
  return request('PUT', '/api/me/language', { body: { language, save }, language });
}
