// The signed-in pages: the admin console and the agent panel. The server
// decides who is signed in; this page asks, sends anyone not signed in to
// the sign-in page and anyone on the wrong page to their own, and speaks
// the signed-in person's language.
//
// `signed_in` resolves once the page shows the signed-in user (in the
// session's language) to {user, core}, else to null: the admin console's
// sections start from it. The header's menu changes the session's language
// (session_language.js); what the sections wrote, they write again through
// on_language_change.
import { page_core } from './page_core.js';
import { apply_catalog, preferred_language, text } from './i18n.js';
import { expect_session, is_local_path, request } from './api.js';
import { by_id } from './dom.js';
import { on_language_change, setup_session_language } from './session_language.js';
import { set_time_zone } from './time_format.js';

const alert = by_id('console-alert');
const sign_out_button = by_id('sign-out');

expect_session();
page_core();  // loading from now on, beside GET /api/me
sign_out_button.addEventListener('click', sign_out);
// A page restored by the Back button comes from the browser's memory, maybe
// from before a sign-out: ask the server again.
addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});
export const signed_in = show_console();

async function show_console() {
  const me = await request('GET', '/api/me');
  if (me.status === 401) {
    location.replace('/');
    return null;
  }
  const home = me.body?.home;
  if (me.ok && is_local_path(home) && home !== location.pathname) {
    location.replace(home);
    return null;
  }

  const core = await page_core();  // without it the page stays in English
  by_id('console-loading').hidden = true;
  if (me.ok) {
    const { user } = me.body;
    set_time_zone(user.time_zone);
    if (core) {
      apply_catalog(core.catalog(user.language));
      setup_session_language(by_id('language'), core, user.language, {
        on_error: (message) => { alert.textContent = message; },
      });
    }
    by_id('brand').href = location.pathname;
    show_user(user);
    on_language_change(() => {
      alert.textContent = '';
      show_user(user);
    });
    return { user, core };
  }
  if (core) apply_catalog(core.catalog(preferred_language(core.languages())));
  alert.textContent = me.message;
  return null;
}

function show_user(user) {
  const name = user.display_name || user.username;
  by_id('signed-in-as').textContent = text('console.signed_in_as', { name });
  by_id('profile-initials').textContent = initials(name);
  by_id('profile-name').textContent = name;
  by_id('profile-email').textContent = user.email;
  by_id('profile-company').textContent = text('console.company', { company: user.company });
  by_id('profile-role').textContent = text(`console.role_${user.role}`);
  by_id('session-controls').hidden = false;
  by_id('console-overview').hidden = false;
}

// "Ada Lovelace" -> "AL", "王小明" -> "王"; whole code points, never half an emoji.
function initials(name) {
  const words = name.trim().split(/\s+/);
  const first_letters = [words[0], words.length > 1 ? words.at(-1) : '']
    .map((word) => Array.from(word)[0] ?? '');
  return first_letters.join('').toUpperCase();
}

// Ends the session on the server (which also clears the cookie), then
// returns to the sign-in page.
async function sign_out() {
  sign_out_button.disabled = true;
  const answer = await request('DELETE', '/api/session');
  if (answer.ok) {
    location.assign('/');
    return;
  }
  sign_out_button.disabled = false;
  if (document.activeElement === document.body) sign_out_button.focus();
  alert.textContent = answer.message;
}
