// Steps the lockout, 2FA policy and admin console tests share: turning the
// authenticator app on through the security settings page (codes from
// oathtool), opening the admin console, and finding people in its People
// table.
import assert from 'node:assert/strict';
import { addPerson } from '../support/people.mjs';
import { appCodes, listedUserId, signedInClient } from '../support/two_factor.mjs';
import { catalog, sign_in, visible_text } from './browser.mjs';

const en = catalog('en');

// Turns the app on for the person signed in on `page` (on their console page)
// from the secret the page shows as text, and returns to the console.
// Resolves to {totp (appCodes: next() gives a code the server takes),
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
  const totp = appCodes(secret);

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

// Signs `admin` in and resolves to the first page of people (GET
// /api/admin/users) as the console shows it.
export async function open_admin_console(page, server_url, admin) {
  const listed = page.waitForResponse((response) => response.url().startsWith(`${server_url}/api/admin/users?`));
  await sign_in(page, server_url, admin, '/admin/');
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

// Adds `username` to the demo company (with the demo `password_of`'s
// password), named `display_name` (any text) and speaking `language` (a BCP
// 47 tag; null: the company's), as the demo admin would in the console.
// Resolves to the person as sign_in takes them ({company, account, password,
// email, display_name}).
export async function add_person(server, { username, display_name, role = 'agent', language = null, password_of = role }) {
  const email = `${username}@demo.example`;
  // Written to the database as plain text, then named and given a language through the API.
  const person = await addPerson(server, { username, email, display_name: username, role, passwordOf: password_of });
  const demo_admin = await signedInClient(server, 'admin');
  try {
    const id = await listedUserId(demo_admin, username);
    const edited = await demo_admin.request(`/api/admin/users/${id}`,
      { method: 'PUT', json: { display_name, email, role, language } });
    assert.equal(edited.status, 200, edited.text);
  } finally {
    demo_admin.close();
  }
  return { ...person, display_name };
}
