// An administrator manages agents in the admin console in Chromium: edits an
// agent's name and role, disables the agent (who then cannot sign in) and
// enables them again, deletes another agent after confirming (and keeps one
// after cancelling), and filters the audit log by event, user and the admin
// who acted, with events by their catalog names. Each test has people of
// its own (the audit log's, a company of its own).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import { listed_user_id } from '../support/two_factor.mjs';
import {
  action_name, catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser,
  submit_sign_in, visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person, open_admin_console, person_row } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

function status_saying(page, message) {
  return page.locator('#people-status').filter({ hasText: message });
}

test('the admin edits the agent\'s name and role in a dialog', async () => {
  const agent = await add_person(server, { username: 'edith', display_name: 'Edith Edit' });
  const expected_failures = [];  // the field error's 400, once the agent's id is known
  await with_page(browser, { expected_failures }, async (page) => {
    await open_admin_console(page, server.url, admin);
    const row = person_row(page, agent.account);
    expected_failures.push(`/api/admin/users/${await row.getAttribute('data-user-id')}`);
    assert.equal(await row.getByRole('button', { name: action_name('agent.disable', 'Edith Edit') }).count(), 1);
    assert.equal(await person_row(page, admin.account)
      .getByRole('button', { name: action_name('agent.delete', 'Demo Admin') }).count(), 0,
    'no Delete for the admin\'s own row');

    await row.getByRole('button', { name: action_name('agent.edit', 'Edith Edit') }).click();
    const dialog = page.getByRole('dialog', { name: en['agent.edit_title'] });
    const name = dialog.getByLabel(en['field.display_name'], { exact: true });
    assert.equal(await name.inputValue(), 'Edith Edit');
    assert.equal(await dialog.getByLabel(en['field.email'], { exact: true }).inputValue(), agent.email);

    // A field error first: the server's message beside the field.
    await name.fill('   ');
    await dialog.getByRole('button', { name: en['admin.save'] }).click();
    const message = fill(en['validation.required'], { field: en['field.display_name'] });
    assert.equal(await visible_text(dialog.locator('#agent-display_name-error')), message);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    await expect_accessible(page, 'People, edit dialog with a field error');

    await name.fill('Ada Agent');
    await dialog.getByLabel(en['field.role'], { exact: true }).selectOption('admin');
    const saved = page.waitForResponse((response) => response.request().method() === 'PUT');
    await dialog.getByRole('button', { name: en['admin.save'] }).click();
    assert.equal((await saved).status(), 200);
    await status_saying(page, fill(en['agent.saved'], { name: 'Ada Agent' })).waitFor();
    assert.equal(await dialog.isVisible(), false);
    const edited = person_row(page, agent.account);
    assert.equal(await visible_text(edited.getByRole('rowheader')), 'Ada Agent');
    assert.equal(await visible_text(edited.getByRole('cell').nth(2)), en['console.role_admin']);
  });
});

test('the admin disables the agent, who can no longer sign in, and enables them again', async () => {
  const agent = await add_person(server, { username: 'dina', display_name: 'Dina Disable' });
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    const row = person_row(page, agent.account);
    await row.getByRole('button', { name: action_name('agent.disable', 'Dina Disable') }).click();
    await status_saying(page, fill(en['agent.disabled'], { name: 'Dina Disable' })).waitFor();
    assert.equal(await visible_text(row.locator('.status-badge')), en['admin.status_disabled']);

    await with_page(browser, { expected_failures: ['/api/session'] }, async (agent_page) => {
      assert.equal((await submit_sign_in(agent_page, server.url, agent)).status(), 401);
      assert.equal(await visible_text(agent_page.getByRole('alert')), en['error.sign_in_failed']);
    });

    // By keyboard this time.
    const enable = row.getByRole('button', { name: action_name('agent.enable', 'Dina Disable') });
    await enable.focus();
    await page.keyboard.press('Enter');
    await status_saying(page, fill(en['agent.enabled'], { name: 'Dina Disable' })).waitFor();
    assert.equal(await visible_text(row.locator('.status-badge')), en['admin.status_active']);
  });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
  });
});

test('the admin deletes another agent only after confirming', async () => {
  const dora = await add_person(server, { username: 'dora', display_name: 'Dora Delete' });
  await with_page(browser, {}, async (page) => {
    await open_admin_console(page, server.url, admin);
    const row = person_row(page, dora.account);
    const delete_button = row.getByRole('button', { name: action_name('agent.delete', 'Dora Delete') });
    const dialog = page.getByRole('dialog', { name: fill(en['agent.delete_title'], { name: 'Dora Delete' }) });

    await delete_button.click();
    assert.equal(await visible_text(dialog.locator('#agent-delete-text')), en['agent.delete_text']);
    await expect_accessible(page, 'People, delete dialog');
    await dialog.getByRole('button', { name: en['two_factor.cancel'] }).click();
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await row.count(), 1, 'cancelled: still there');

    await delete_button.click();
    const deleted = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: en['agent.delete'], exact: true }).click();
    assert.equal((await deleted).status(), 204);
    await status_saying(page, fill(en['agent.deleted'], { name: 'Dora Delete' })).waitFor();
    assert.equal(await row.count(), 0);
  });
  await with_page(browser, { expected_failures: ['/api/session'] }, async (page) => {
    assert.equal((await submit_sign_in(page, server.url, dora)).status(), 401);
  });
});

// In the company of `admin` (over HTTP, as that administrator): `agent`
// renamed to Ada Agent and made an administrator, disabled, refused while
// disabled, enabled and signed in again; `dora` deleted.
async function events_of_a_company(admin, agent, dora) {
  const session = client(server.url);
  try {
    await sign_in_person(session, admin);
    const id = await listed_user_id(session, agent.account);
    const edited = await session.request(`/api/admin/users/${id}`, {
      method: 'PUT', json: { display_name: 'Ada Agent', email: agent.email, role: 'admin', language: null },
    });
    assert.equal(edited.status, 200, edited.text);
    assert.equal((await session.post(`/api/admin/users/${id}/disable`)).status, 204);
    const { company, account, password } = agent;
    const refused = client(server.url);
    assert.equal((await refused.post('/api/session', { json: { company, account, password } })).status, 401);
    assert.equal((await session.post(`/api/admin/users/${id}/enable`)).status, 204);
    assert.equal((await refused.post('/api/session', { json: { company, account, password } })).status, 200);
    refused.close();
    const dora_id = await listed_user_id(session, dora.account);
    assert.equal((await session.delete(`/api/admin/users/${dora_id}`)).status, 204);
  } finally {
    session.close();
  }
}

test('the audit log shows the company\'s events by name and who acted, and filters them by event, user and acting admin', async () => {
  const admin = await add_company(server);
  const agent = await add_person(server, { username: 'ada', display_name: 'Demo Agent', company_admin: admin });
  const dora = await add_person(server, { username: 'dora', display_name: 'Dora Delete', company_admin: admin });
  await events_of_a_company(admin, agent, dora);
  const by_admin = `${admin.display_name} (${admin.account})`;
  await with_page(browser, {}, async (page) => {
    const first_page = page.waitForResponse((response) => response.url().startsWith(`${server.url}/api/admin/audit-events?`));
    await open_admin_console(page, server.url, admin);
    assert.equal((await first_page).status(), 200);
    const section = page.getByRole('region', { name: en['audit.title'] });
    const table = section.getByRole('table', { name: en['audit.table_caption'] });
    await table.locator('tbody tr').first().waitFor();
    const headers = await table.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers, ['audit.column_time', 'audit.column_event', 'audit.column_user', 'audit.column_actor',
      'audit.column_ip', 'audit.column_detail'].map((key) => en[key]));
    const event_menu = section.getByLabel(en['field.event'], { exact: true });
    // Options of a closed menu are not rendered: their text, not what is painted.
    assert.equal(await event_menu.locator('option[value="account.locked"]').textContent(), en['audit.event.account.locked']);

    async function filter(changes) {
      await changes();
      const answered = page.waitForResponse((response) => response.url().startsWith(`${server.url}/api/admin/audit-events?`));
      await section.getByRole('button', { name: en['audit.filter'] }).click();
      assert.equal((await answered).status(), 200);
      await page.locator('#audit-table[aria-busy="false"]').waitFor({ state: 'attached' });
      return table.locator('tbody tr');
    }

    const deletions = await filter(() => section.getByLabel(en['field.event'], { exact: true }).selectOption('user.deleted'));
    assert.equal(await deletions.count(), 1);
    assert.equal(await visible_text(deletions.first().getByRole('cell').nth(0)), en['audit.event.user.deleted']);
    assert.equal(await visible_text(deletions.first().getByRole('cell').nth(1)), fill(en['audit.deleted_user'], { username: 'dora' }));
    assert.equal(await visible_text(deletions.first().getByRole('cell').nth(2)), by_admin);
    assert.equal(await visible_text(deletions.first().getByRole('cell').nth(3)), '127.0.0.1');

    const edits = await filter(async () => {
      await section.getByLabel(en['field.event'], { exact: true }).selectOption('user.updated');
      await section.getByRole('searchbox', { name: en['field.user'] }).fill(agent.account);
    });
    assert.equal(await edits.count(), 1);
    assert.equal(await visible_text(edits.first().getByRole('cell').nth(1)), `Ada Agent (${agent.account})`);
    assert.equal(await visible_text(edits.first().getByRole('cell').nth(2)), by_admin);
    await expect_accessible(page, 'Audit log, filtered');
    const changed = (field, from, to) => fill(en['audit.detail.field'], { name: en[field], value: fill(en['audit.detail.change'], { from, to }) });
    assert.equal(await visible_text(edits.first().getByRole('cell').nth(4)), [
      changed('field.display_name', 'Demo Agent', 'Ada Agent'),
      changed('field.role', en['console.role_agent'], en['console.role_admin']),
    ].join(' · '));

    const agents_events = await filter(() => section.getByLabel(en['field.event'], { exact: true }).selectOption(''));
    // Edited, disabled, refused while disabled, enabled, signed in again
    // (its first sign-in: a new device and a new location): newest first.
    assert.deepEqual(await agents_events.evaluateAll((rows) => rows.map((row) => row.cells[1].textContent)),
      ['sign_in.succeeded', 'location.new', 'device.new', 'user.enabled', 'sign_in.failed', 'user.disabled', 'user.updated']
        .map((name) => en[`audit.event.${name}`]));

    // What the admin did to others, found by the admin's name: each names them in the By column.
    const admins_actions = await filter(async () => {
      await section.getByLabel(en['field.event'], { exact: true }).selectOption('user.deleted');
      await section.getByRole('searchbox', { name: en['field.user'] }).fill(admin.account);
    });
    assert.equal(await admins_actions.count(), 1);
    assert.equal(await visible_text(admins_actions.first().getByRole('cell').nth(1)), fill(en['audit.deleted_user'], { username: 'dora' }));
    assert.equal(await visible_text(admins_actions.first().getByRole('cell').nth(2)), by_admin);
    await section.getByLabel(en['field.event'], { exact: true }).selectOption('');

    const nothing = await filter(() => section.getByRole('searchbox', { name: en['field.user'] }).fill('nobody-at-all'));
    assert.equal(await nothing.count(), 0);
    assert.equal(await visible_text(section.locator('#audit-empty')), en['audit.no_events']);
    await expect_accessible(page, 'Audit log, no events found');
  });
});
