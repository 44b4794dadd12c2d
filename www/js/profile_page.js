// Profile > Security settings. The server holds the state and has the last
// word; this page asks who is signed in and what GET /api/me/two-factor
// says, and wires the panels that walk the person through each change:
//   profile_two_factor.js       the methods: set up, turn off
//   profile_sms_setup.js        the SMS method's country and number
//   profile_backup_codes.js     the backup codes
//   profile_confirm_dialog.js   the confirmation (and password) for changes
//   profile_trusted_browsers.js browsers where "Don't ask again" was ticked
//   profile_language.js         the session's language saved as the account's
//   profile_sso.js              single sign-on: connect, disconnect
//   profile_origins.js          where you're signed in, your devices, your locations
//   profile_audit_log.js        the person's own audit log
//   profile_time_zone.js        the time zone of the times on the pages
// They share `page`: the core, the user, the latest status, the page's
// alert and success line, and one change at a time. The header's menu
// changes the session's language (session_language.js); the panels then
// write their texts again.
import { page_core } from './page_core.js';
import { apply_catalog, preferred_language, text } from './i18n.js';
import { expect_session, is_local_path, request } from './api.js';
import { by_id } from './dom.js';
import { create_confirm_dialog } from './profile_confirm_dialog.js';
import { create_two_factor_panel } from './profile_two_factor.js';
import { create_backup_codes_panel } from './profile_backup_codes.js';
import { show_trusted_browsers } from './profile_trusted_browsers.js';
import { create_language_panel } from './profile_language.js';
import { create_sso_panel } from './profile_sso.js';
import { on_language_change, setup_session_language } from './session_language.js';
import { create_origin_panels } from './profile_origins.js';
import { create_audit_log_panel } from './profile_audit_log.js';
import { create_time_zone_panel } from './profile_time_zone.js';
import { on_time_zone_change, set_time_zone } from './time_format.js';

expect_session();
const page_alert = by_id('console-alert');
const panels = [];  // the panels showing the status: each has render(status)
let sso = null;     // the single sign-on panel, which shows what GET /api/me/sso says
let busy = false;   // one change at a time
let success = { key: null, params: {} };  // the success line, to write again in another language
let center = null;       // the sections about where the account is used: {origins, audit_log}
let center_shown = false;

const page = {
  core: null,
  me: null,              // GET /api/me's answer
  user: null,            // its user
  status: null,          // GET /api/me/two-factor's answer
  setup_required: false, // the company requires 2FA and this user has none yet
  show_error(message) {
    page_alert.textContent = message;
  },
  // The success line of the 2FA section says `key`'s text (with `params`);
  // null empties it. The page's alert is emptied too, unless `keep_alert`
  // (an error met on the way, while refreshing the status, still holds).
  show_success(key, { keep_alert = false, params = {} } = {}) {
    if (!keep_alert) page_alert.textContent = '';
    success = { key, params };
    by_id('two-factor-message').textContent = key ? text(key, params) : '';
  },
  refresh: refresh_status,
  async exclusive(action) {
    if (busy) return;
    busy = true;
    try {
      await action();
    } finally {
      busy = false;
    }
  },
};

addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});
start();

async function start() {
  const [core, me] = await Promise.all([page_core(), request('GET', '/api/me')]);
  if (me.status === 401) {
    location.replace('/');
    return;
  }
  page.core = core;
  by_id('console-loading').hidden = true;
  if (!core || !me.ok) {
    if (core) apply_catalog(core.catalog(preferred_language(core.languages())));
    page.show_error(core ? me.message : text('error.network'));  // without the core, the page itself did not load
    return;
  }
  apply_catalog(core.catalog(me.body.user.language));
  set_time_zone(me.body.user.time_zone);
  follow_sections_in_nav();
  setup_session_language(by_id('language'), core, me.body.user.language, { on_error: page.show_error });
  show_user(me.body);
  by_id('sign-out').addEventListener('click', (event) => sign_out(event.currentTarget));

  const confirm = create_confirm_dialog(page);
  const backup_codes = create_backup_codes_panel(page, { confirm });
  const two_factor = create_two_factor_panel(page, {
    confirm,
    // The success is told once the page shows the new state.
    async on_enabled(codes) {
      backup_codes.show_new_codes(codes);
      page.show_success(null);
      await refresh_status();
      page.show_success('two_factor.enabled', { keep_alert: true });
    },
    async on_number_changed() {
      page.show_success(null);
      await refresh_status();
      page.show_success('two_factor.phone_changed', { keep_alert: true, params: { phone: page.status?.phone_hint ?? '' } });
    },
    async on_disabled() {
      backup_codes.forget_new_codes();
      page.show_success(null);
      await refresh_status();
      page.show_success('two_factor.disabled', { keep_alert: true });
    },
  });
  const language = create_language_panel(page);
  sso = create_sso_panel(page, { confirm });
  const time_zone = create_time_zone_panel(page);
  const audit_log = create_audit_log_panel();
  const origins = create_origin_panels({ on_change: () => audit_log.reload() });
  center = { origins, audit_log };
  panels.push(two_factor, backup_codes);
  on_language_change(() => {
    page_alert.textContent = '';
    show_user(page.me);
    page.show_success(success.key, { params: success.params });
    language.render();
    sso.render();
    time_zone.render();
    origins.render();
    audit_log.render();
    if (page.status) for (const panel of panels) panel.render(page.status);
    show_trusted_browsers({ available: !page.setup_required });
  });
  on_time_zone_change(() => {
    origins.render();
    audit_log.render();
    if (page.status) backup_codes.render(page.status);
  });
  time_zone.show();
  await Promise.all([refresh_status(), sso.show({ available: !page.setup_required })]);
}

// Where the account is used and its audit log, once 2FA no longer has to be
// set up first (the server answers nothing else until then).
async function show_center() {
  if (!center || center_shown || page.setup_required) return;
  center_shown = true;
  await Promise.all([center.origins.show(true), center.audit_log.show(true)]);
}

// The side panel lists the sections shown: a link whose section is hidden
// hides with it.
function follow_sections_in_nav() {
  const links = [...by_id('security-nav').querySelectorAll('a[href^="#"]')];
  const follow = () => {
    for (const link of links) link.parentElement.hidden = document.getElementById(link.hash.slice(1))?.hidden ?? true;
  };
  const observer = new MutationObserver(follow);
  for (const link of links) {
    const section = document.getElementById(link.hash.slice(1));
    if (section) observer.observe(section, { attributes: true, attributeFilter: ['hidden'] });
  }
  follow();
}

async function refresh_status() {
  const answer = await request('GET', '/api/me/two-factor');
  if (answer.status === 401) {
    location.replace('/');
    return;
  }
  if (!answer.ok) {
    page.show_error(answer.message);
    return;
  }
  page.status = answer.body;
  for (const panel of panels) panel.render(page.status);
  if (page.setup_required && page.status.method) {
    const me = await request('GET', '/api/me');
    if (me.ok) show_user(me.body);
    // 2FA is set up at last: single sign-on is open now too.
    if (!page.setup_required) await sso?.show({ available: true });
  }
  await Promise.all([show_trusted_browsers({ available: !page.setup_required }), show_center()]);
}

// ---- Header -------------------------------------------------------------------

// A user whose company requires 2FA and who has none is sent here after the
// password and can do nothing else until a method is on: say so, and offer
// no way back to the console until then.
function show_user(me) {
  const { user, home, two_factor_setup_required: setup_required } = me;
  page.me = me;
  page.user = user;
  page.setup_required = setup_required === true;
  by_id('setup-required').hidden = !page.setup_required;
  const console_home = is_local_path(home) ? home : '/';
  const back = by_id('header-link');
  back.hidden = page.setup_required;
  back.href = console_home;
  back.dataset.i18n = `profile.back_to_${user.role}`;
  back.textContent = text(back.dataset.i18n);
  by_id('brand').href = console_home;
  const name = user.display_name || user.username;
  by_id('signed-in-as').textContent = text('console.signed_in_as', { name });
  by_id('session-controls').hidden = false;
  by_id('security').hidden = false;
}

async function sign_out(button) {
  button.disabled = true;
  const answer = await request('DELETE', '/api/session');
  if (answer.ok) {
    location.assign('/');
    return;
  }
  button.disabled = false;
  page.show_error(answer.message);
}
