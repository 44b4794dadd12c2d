// Steps the browser tests share: people and companies of a test's own
// (so that no test depends on another's), their second factor turned on or
// locked over HTTP, turning the authenticator app on through the security
// settings page (codes from oathtool), opening the admin console, and
// finding people in its People table.
import assert from 'node:assert/strict';
import { add_company_with_admin, add_person as insert_person, sign_in_person } from '../support/people.mjs';
import { client } from '../support/server.mjs';
import {
  app_codes, listed_user_id, lock_with_wrong_codes, turn_on_app as turn_on_app_over_http, turn_on_email,
} from '../support/two_factor.mjs';
import { catalog, sign_in, visible_text } from './browser.mjs';

const en = catalog('en');

// Turns the app on for the person signed in on `page` (on their console page)
// from the secret the page shows as text, and returns to the console.
// Resolves to {totp (app_codes: next() gives a code the server takes),
// backup_codes (the ten the page showed once the app was on)}.
export async function turn_on_app(page, server_url, home) {
  await page.getByRole('link', { name: en['console.security_settings'] }).click();
  await page.waitForURL(`${server_url}/profile/`);
  const turned_on = await set_up_app_here(page);
  await page.goto(`${server_url}${home}`);
  return turned_on;
}

// The same on the Security settings page that `page` shows, staying there.
export async function set_up_app_here(page) {
  const app = page.getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: en['two_factor.app_name'], exact: true }) });
  await app.getByRole('button', { name: en['two_factor.set_up'] }).click();
  const secret = (await visible_text(page.locator('#totp-secret'))).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const totp = app_codes(secret);

  await page.getByRole('button', { name: en['two_factor.next'] }).click();
  const dialog = page.getByRole('dialog', { name: en['two_factor.code_dialog_title'] });
  await dialog.getByLabel(en['verify.code_label']).fill(await totp.next());
  await dialog.getByRole('button', { name: en['two_factor.verify'] }).click();
  await page.getByText(en['two_factor.enabled'], { exact: true }).waitFor();
  const codes = page.locator('#new-codes-list code');
  await codes.first().waitFor();
  const backup_codes = await codes.allInnerTexts();
  assert.equal(new Set(backup_codes).size, backup_codes.length, 'the backup codes differ from each other');
  return { totp, backup_codes };
}

// Signs `admin` in (with sign_in's `options`) and resolves to the first
// page of people (GET /api/admin/users) as the console shows it.
export async function open_admin_console(page, server_url, admin, options = {}) {
  const listed = page.waitForResponse((response) => response.url().startsWith(`${server_url}/api/admin/users?`));
  await sign_in(page, server_url, admin, '/admin/', options);
  const answer = await listed;
  assert.equal(answer.status(), 200);
  await page.locator('#people-table[aria-busy="false"]').waitFor({ state: 'attached' });
  return answer.json();
}

// The People table's row whose username cell is `username`.
export function person_row(page, username) {
  return page.locator('#people-rows tr')
    .filter({ has: page.getByRole('cell', { name: username, exact: true }) });
}

// Searches the People table and waits for the server's answer to be shown.
export async function search_people(page, server_url, query) {
  const answered = page.waitForResponse((response) => response.url().startsWith(`${server_url}/api/admin/users?`) &&
    new URL(response.url()).searchParams.get('q') === query);
  await page.getByRole('searchbox', { name: en['admin.search_label'] }).fill(query);
  await page.getByRole('button', { name: en['admin.search'], exact: true }).click();
  const answer = await answered;
  assert.equal(answer.status(), 200);
  await page.locator('#people-table[aria-busy="false"]').waitFor({ state: 'attached' });
  return answer.json();
}

// ---- People and companies of a test's own ------------------------------------

let companies = 0;

// A company of its own for one test (its settings are nobody else's), with
// its administrator "admin" (the demo admin's password). Resolves to that
// administrator as sign_in takes them.
export function add_company(server) {
  companies += 1;
  return add_company_with_admin(server, {
    name: `Company${companies}`, username: 'admin', email: `admin@company${companies}.example`,
  });
}

// Adds `username` to the company of `company_admin` (default: the demo
// company), with the demo `password_of`'s password, named `display_name`
// (any text) and speaking `language` (a BCP 47 tag; null: the company's),
// as an administrator would in the console. Resolves to the person as
// sign_in takes them ({company, account, password, email, display_name}).
export async function add_person(server, {
  username, display_name, role = 'agent', language = null, password_of = role, company_admin = null,
}) {
  const email = `${username}@${company_admin ? company_admin.company.toLowerCase() : 'demo'}.example`;
  // Written to the database when the name is plain text and no language is
  // asked for; else named and given a language through the API (an edit the
  // audit log shows).
  const plain = /^[A-Za-z0-9 .@_-]+$/.test(display_name) && language === null;
  const person = await insert_person(server, {
    username, email, display_name: plain ? display_name : username, role, company: company_admin?.company,
    password_of,
  });
  if (plain) return person;
  const admin = client(server.url);
  try {
    await sign_in_person(admin, company_admin ?? { company: server.demo.company, ...server.demo.admin });
    const id = await listed_user_id(admin, username);
    const edited = await admin.request(`/api/admin/users/${id}`,
      { method: 'PUT', json: { display_name, email, role, language } });
    assert.equal(edited.status, 200, edited.text);
  } finally {
    admin.close();
  }
  return { ...person, display_name };
}

// Turns the authenticator app on for `person` over HTTP. Resolves to
// {totp (app_codes: next() gives a code the server takes), backup_codes}.
export async function with_app_on(server, person) {
  const session = client(server.url);
  try {
    await sign_in_person(session, person);
    const { totp, backup_codes } = await turn_on_app_over_http(session);
    assert.equal((await session.delete('/api/session')).status, 204);
    return { totp, backup_codes };
  } finally {
    session.close();
  }
}

// Turns email codes on for `person` over HTTP, the setup code read from
// `inbox` (outbox_of(server)). Resolves to {backup_codes}.
export async function with_email_on(server, person, inbox) {
  const session = client(server.url);
  try {
    await sign_in_person(session, person);
    const { backup_codes } = await turn_on_email(session, inbox, person);
    assert.equal((await session.delete('/api/session')).status, 204);
    return { backup_codes };
  } finally {
    session.close();
  }
}

// Locks `person` (the app on, `totp` its codes) with five wrong codes over HTTP.
export async function lock_out(server, person, totp) {
  const session = client(server.url);
  try {
    const { company, account, password } = person;
    const started = await session.post('/api/session', { json: { company, account, password } });
    assert.equal(started.status, 202, started.text);
    await lock_with_wrong_codes(session, totp);
  } finally {
    session.close();
  }
}

// Saves `settings` (PUT /api/admin/security's body) for the company of `admin`.
export async function save_security(server, admin, settings) {
  const session = client(server.url);
  try {
    await sign_in_person(session, admin);
    const saved = await session.request('/api/admin/security', { method: 'PUT', json: settings });
    assert.equal(saved.status, 200, saved.text);
    return saved.json;
  } finally {
    session.close();
  }
}
