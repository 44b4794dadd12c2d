// The two-factor flows of the HTTP API, in the steps a browser takes, for the
// tests under tests/http/two_factor_*, lockout_* and admin_*. Each helper
// checks the answers it depends on, so a failure points at the step that
// went wrong.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {format_with_core} from './catalog_text.mjs';
import {six_digit_code} from './mail.mjs';
import {client, fast_hash_args, repo_root, sign_in_as, start_server} from './server.mjs';
import {code_of_none_of, current_step, oathtool_code} from './totp.mjs';

// The audit events of a server's database, for the tests that import the
// rest of the flows from here.
export {audit_events} from './database.mjs';

export const session_cookie_name = 'twofold_session';
export const sign_in_cookie_name = 'twofold_sign_in';
export const backup_code_count = 10;

// ---------------------------------------------------------------- server and messages

/**
 * A server for two-factor tests: fast password hashing and several workers,
 * so that concurrent requests really run side by side.
 */
export function start_two_factor_server({args = [], ...options} = {}) {
  return start_server({args: [...fast_hash_args, '--worker-threads', '4', ...args], ...options});
}

const catalogs = new Map();

// The text of catalog `key` in `language` with its {placeholders} filled:
// what the server's messages say, read from the same catalog it uses.
export function catalog_text(language, key, values = {}) {
  if (!catalogs.has(language)) {
    catalogs.set(language, JSON.parse(readFileSync(path.join(repo_root, 'shared/i18n', `${language}.json`), 'utf8')));
  }
  const template = catalogs.get(language)[key];
  assert.equal(typeof template, 'string', `catalog ${language} has no ${key}`);
  const filled = {product: catalogs.get(language)['app.name'], ...values};
  return format_with_core({language, key, args: filled});
}

export function cookie_in(answer, name) {
  return answer.set_cookies.find((cookie) => cookie.name === name);
}

// A Set-Cookie that removes the cookie (Max-Age=0 or an Expires in the past).
export function clears(cookie) {
  if (!cookie) return false;
  const {attributes} = cookie;
  if (attributes['max-age'] !== undefined) return Number(attributes['max-age']) <= 0;
  return attributes.expires !== undefined && Date.parse(attributes.expires) <= Date.now();
}

export function assert_error(answer, status, code, why = '') {
  assert.equal(answer.status, status, `${why} ${answer.text}`.trim());
  assert.equal(answer.json?.error?.code, code, `${why} ${answer.text}`.trim());
  assert.equal(answer.json.error.message_key, `error.${code}`, why);
}

// ---------------------------------------------------------------- signing in

// A new client signed in with the password only (2FA off).
export async function signed_in_client(server, role) {
  const browser = client(server.url);
  const answer = await sign_in_as(browser, server.demo, role);
  assert.equal(answer.status, 200, `one-step sign-in of ${role}: ${answer.text}`);
  return browser;
}

/**
 * A new client whose password was right and who now faces the second step:
 * resolves to {browser, answer} after checking the 202 and its cookie.
 */
export async function pending_sign_in(server, role, {headers = {}} = {}) {
  const browser = client(server.url);
  const {company} = server.demo;
  const {account, password} = server.demo[role];
  const answer = await browser.post('/api/session', {json: {company, account, password}, headers});
  assert.equal(answer.status, 202, `sign-in of ${role} with 2FA on: ${answer.text}`);
  assert.ok(answer.json?.second_step, answer.text);
  assert.ok(cookie_in(answer, sign_in_cookie_name), `the 202 sets ${sign_in_cookie_name}`);
  assert.equal(cookie_in(answer, session_cookie_name), undefined, 'no session before the second step');
  return {browser, answer};
}

export function finish_second_step(browser, body) {
  return browser.post('/api/session/second-step', {json: body});
}

export async function assert_signed_in_as(browser, server, role) {
  const me = await browser.get('/api/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.username, server.demo[role].account);
}

export async function sign_out(browser) {
  const answer = await browser.delete('/api/session');
  assert.equal(answer.status, 204, answer.text);
}

// ---------------------------------------------------------------- turning 2FA on

function assert_backup_codes(backup_codes) {
  assert.ok(Array.isArray(backup_codes?.codes), JSON.stringify(backup_codes));
  assert.equal(backup_codes.codes.length, backup_code_count);
  assert.equal(new Set(backup_codes.codes).size, backup_code_count, 'the codes differ from each other');
  return backup_codes.codes;
}

/**
 * Turns the authenticator app on for the signed-in `browser`, confirming
 * with oathtool's code for the current step. Resolves to {setup (the answer
 * of POST /api/me/two-factor/app), totp (see app_codes), backup_codes}.
 */
export async function turn_on_app(browser) {
  const setup = await browser.post('/api/me/two-factor/app');
  assert.equal(setup.status, 200, `app setup: ${setup.text}`);
  const totp = app_codes(setup.json.secret);
  const confirmed = await browser.post('/api/me/two-factor/confirm', {json: {code: await totp.next()}});
  assert.equal(confirmed.status, 200, `app confirmation: ${confirmed.text}`);
  assert.equal(confirmed.json.method, 'app');
  return {setup: setup.json, totp, backup_codes: assert_backup_codes(confirmed.json.backup_codes)};
}

/**
 * The codes of one secret, in the order the server accepts them: it takes a
 * step only when it is later than the last one used, and within one step
 * of the current time (RFC 6238 §5.2).
 *   next() -> the code of the step after the last one handed out (or the
 *             current step, when that is later)
 *   last_step -> the step of the code next() handed out last
 */
export function app_codes(secret) {
  let last_step = null;
  return {
    secret,
    get last_step() {
      return last_step;
    },
    async next() {
      last_step = last_step === null ? current_step() : Math.max(last_step + 1, current_step());
      return oathtool_code(secret, last_step);
    },
  };
}

/**
 * Turns email codes on for the signed-in `browser` of `user` ({email}):
 * the setup code, then the notice that 2FA is on, are read from `inbox` (a
 * mailbox()). Resolves to
 * {setup (answer json), mail, code, backup_codes}.
 */
export async function turn_on_email(browser, inbox, user) {
  const setup = await browser.post('/api/me/two-factor/email');
  assert.equal(setup.status, 200, `email setup: ${setup.text}`);
  const mail = await inbox.next({to: user.email});
  const code = six_digit_code(mail.text);
  const confirmed = await browser.post('/api/me/two-factor/confirm', {json: {code}});
  assert.equal(confirmed.status, 200, `email confirmation: ${confirmed.text}`);
  assert.equal(confirmed.json.method, 'email');
  // The notice that 2FA is on comes next: taken here, so `inbox` goes on
  // with what the caller does after.
  await inbox.next({to: user.email, subject: catalog_text('en', 'mail.notice.two_factor_on.subject')});
  return {setup: setup.json, mail, code, backup_codes: assert_backup_codes(confirmed.json.backup_codes)};
}

/**
 * Turns the app on for the demo `role` of `server` and signs that client
 * out again. Resolves to {user, totp, backup_codes, setup}.
 */
export async function with_app_on(server, role) {
  const browser = await signed_in_client(server, role);
  const {totp, backup_codes, setup} = await turn_on_app(browser);
  await sign_out(browser);
  browser.close();
  return {user: server.demo[role], totp, backup_codes, setup};
}

/**
 * The same with email codes, the setup code read from `inbox`. Resolves to
 * {user, backup_codes, setup_mail}.
 */
export async function with_email_on(server, role, inbox) {
  const user = server.demo[role];
  const browser = await signed_in_client(server, role);
  const {backup_codes, mail} = await turn_on_email(browser, inbox, user);
  await sign_out(browser);
  browser.close();
  return {user, backup_codes, setup_mail: mail};
}

/**
 * A fresh two-factor server for one test, stopped (and checked to exit 0)
 * when the test ends.
 */
export async function server_for_test(t, options = {}) {
  const server = await start_two_factor_server(options);
  t.after(async () => {
    assert.equal(await server.stop(), 0, 'the server exits cleanly');
  });
  return server;
}

// ---------------------------------------------------------------- lockout and administration

// Wrong codes per account before it locks (issue 4; RFC 4226 §7.3).
export const max_code_failures = 5;

/**
 * A six-digit code the app of `totp` (see app_codes) shows at none of the
 * steps the server could accept now or soon, so the server must refuse it.
 */
export function wrong_app_code(totp) {
  const now = current_step();
  return code_of_none_of(totp.secret, [now - 2, now - 1, now, now + 1, now + 2, now + 3]);
}

/**
 * The people of the admin's company as GET /api/admin/users lists them
 * (first page, optional search `q`), for the signed-in admin `browser`.
 */
export async function listed_users(browser, q) {
  const target = q === undefined ? '/api/admin/users' : `/api/admin/users?q=${encodeURIComponent(q)}`;
  const answer = await browser.get(target);
  assert.equal(answer.status, 200, `${target}: ${answer.text}`);
  return answer.json.users;
}

/** The id GET /api/admin/users gives the user with `username`. */
export async function listed_user_id(browser, username) {
  const found = (await listed_users(browser)).filter((user) => user.username === username);
  assert.equal(found.length, 1, `one listed user ${username}`);
  return found[0].id;
}

/**
 * A code sent to a pending sign-in of a locked account is not looked at:
 * the answer is 403 account_locked, or 401 second_step_expired when the
 * lock already ended that pending sign-in (docs/openapi.yaml allows both).
 */
export function assert_locked_out(answer, why) {
  if (answer.status === 401) assert_error(answer, 401, 'second_step_expired', why);
  else assert_error(answer, 403, 'account_locked', why);
}

/**
 * Sends wrong app codes through `browser`'s pending sign-in of an account
 * with no failures yet until it locks. Resolves to the answer that locked
 * it (checked to be a 403).
 */
export async function lock_with_wrong_codes(browser, totp) {
  const code = await wrong_app_code(totp);
  for (let failures = 1; failures < max_code_failures; ++failures) {
    const answer = await finish_second_step(browser, {code});
    assert_error(answer, 401, 'code_rejected', `wrong code ${failures}`);
    assert.equal(answer.json.error.attempts_left, max_code_failures - failures);
  }
  const locking = await finish_second_step(browser, {code});
  assert.equal(locking.status, 403, `wrong code ${max_code_failures}: ${locking.text}`);
  return locking;
}
