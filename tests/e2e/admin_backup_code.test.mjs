// An administrator helps an agent who lost their authenticator app, in
// Chromium: Get Backup Code shows a one-time code once (with a Copy button),
// the agent signs in with it on the Input Authentication Code page, and the
// same code fails the second time; then Turn off 2FA. Each test has an
// agent of its own, whose app is turned on through the API beforehand.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import { outbox_of } from '../support/mail.mjs';
import { catalog_text, listed_user_id } from '../support/two_factor.mjs';
import {
  action_name, catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser,
  visible_text, with_page,
} from './browser.mjs';
import { add_person, person_row, search_people, with_app_on } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// An agent of the test's own, with the app on.
async function new_agent(username) {
  const agent = await add_person(server, { username, display_name: `Agent ${username}` });
  await with_app_on(server, agent);
  return agent;
}

// A one-time code for `agent`, as the admin's Get Backup Code makes it (over HTTP).
async function code_for(agent) {
  const session = client(server.url);
  try {
    await sign_in_person(session, { company: server.demo.company, ...server.demo.admin });
    const made = await session.post(`/api/admin/users/${await listed_user_id(session, agent.account)}/backup-code`);
    assert.equal(made.status, 200, made.text);
    return made.json.code;
  } finally {
    session.close();
  }
}

// The admin console with `agent`'s row found; resolves to {row, name}.
async function agent_row(page, agent) {
  await sign_in(page, server.url, admin, '/admin/');
  await page.getByRole('heading', { name: en['admin.people_title'] }).waitFor();
  assert.equal((await search_people(page, server.url, agent.account)).total, 1);
  const row = person_row(page, agent.account);
  return { row, name: await visible_text(row.getByRole('rowheader')) };
}

// Waits until the page holds the code no more: a dialog's close event comes
// after it is hidden (HTML: "queue an element task").
function code_forgotten(page) {
  return page.waitForFunction(() => document.querySelector('#admin-code-value')?.value === '');
}

// The agent's password, then `typed` in the backup-code field of the code
// page; resolves to the second step's answer {status, body} (no body for a
// success: the page has moved on to the agent panel).
async function sign_in_with_backup_code(page, agent, typed) {
  await sign_in(page, server.url, agent, '/verify/');
  await page.getByRole('button', { name: en['verify.use_backup_code'] }).click();
  await page.getByRole('textbox', { name: en['verify.backup_code_label'] }).fill(typed);
  const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
    response.request().method() === 'POST');
  await page.getByRole('button', { name: en['verify.submit'] }).click();
  const answer = await answered;
  return { status: answer.status(), body: answer.ok() ? null : await answer.json() };
}

test('the administrator generates a backup code for the agent, reads it once and copies it', async () => {
  const agent = await new_agent('reading');
  let code;
  await with_page(browser, {}, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const { row, name } = await agent_row(page, agent);
    assert.equal(await visible_text(row.getByRole('cell').nth(3)), en['admin.two_factor_app']);
    const get_code = row.getByRole('button', { name: action_name('admin.get_backup_code', name) });
    assert.equal(await get_code.innerText(), en['admin.get_backup_code']);
    await get_code.click();

    const dialog = page.getByRole('dialog', { name: fill(en['admin.backup_code_title'], { name }) });
    await dialog.waitFor();
    const generated = page.waitForResponse((response) => response.url().endsWith('/backup-code'));
    await expect_accessible(page, 'People, backup code dialog');
    // Focus starts on the button, and the keyboard works it.
    assert.equal(await dialog.getByRole('button', { name: en['admin.generate_code'] })
      .evaluate((button) => button === document.activeElement), true);
    await page.keyboard.press('Enter');
    const answer = await generated;
    assert.equal(answer.status(), 200);
    const field = dialog.getByRole('textbox', { name: en['admin.backup_code_label'] });
    await field.waitFor();
    code = await field.inputValue();
    await expect_accessible(page, 'People, a backup code shown');
    assert.equal(code, (await answer.json()).code);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    assert.equal(await dialog.getByText(fill(en['admin.backup_code_once'], { name })).isVisible(), true);

    await dialog.getByRole('button', { name: en['admin.copy'] }).click();
    const copied = dialog.getByRole('status');
    assert.equal(await visible_text(copied), en['admin.copied']);
    assert.equal(await copied.getAttribute('aria-live'), 'polite');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);

    await dialog.getByRole('button', { name: en['admin.close'] }).click();
    await dialog.waitFor({ state: 'hidden' });
    await code_forgotten(page);
    // The row says that a code exists and until when, not the code.
    const note = row.locator('.code-note');
    assert.match(await visible_text(note), new RegExp(`^${fill(en['admin.code_active'], { time: '.+' })}$`));
    assert.equal((await row.innerText()).includes(code), false);
  });

  const mail = await outbox_of(server).next({ to: agent.email, subject: catalog_text('en', 'mail.admin_code.subject') });
  assert.equal(mail.text.includes(code), false, 'the mail only says that a code exists');
});

test('the agent signs in with the admin\'s code on the code page; the same code then fails', async () => {
  const agent = await new_agent('signing');
  const code = await code_for(agent);
  await with_page(browser, {}, async (page) => {
    const answer = await sign_in_with_backup_code(page, agent, code.toLowerCase());
    assert.equal(answer.status, 200);
    await page.waitForURL(`${server.url}/agent/`);
    await page.locator('#console-overview').waitFor({ state: 'visible' });
  });

  await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
    const answer = await sign_in_with_backup_code(page, agent, code);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error.code, 'code_rejected');
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.code_rejected']);
    assert.equal(page.url(), `${server.url}/verify/`);
  });
});

test('without clipboard access, Copy selects the code and says how to copy it', async () => {
  const agent = await new_agent('copying');
  const code = await code_for(agent);  // an earlier one
  await with_page(browser, {}, async (page) => {
    // A browser that refuses the clipboard (an older one, or a refused permission).
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) },
      });
    });
    const { row, name } = await agent_row(page, agent);
    await row.getByRole('button', { name: action_name('admin.get_backup_code', name) }).click();
    const dialog = page.getByRole('dialog', { name: fill(en['admin.backup_code_title'], { name }) });
    await dialog.getByRole('button', { name: en['admin.generate_code'] }).click();
    const field = dialog.getByRole('textbox', { name: en['admin.backup_code_label'] });
    await field.waitFor();
    const shown = await field.inputValue();
    assert.notEqual(shown, code, 'a new code each time');

    await dialog.getByRole('button', { name: en['admin.copy'] }).click();
    assert.equal(await visible_text(dialog.getByRole('status')), en['admin.copy_by_hand']);
    const selected = await field.evaluate((input) => [document.activeElement === input,
      input.value.slice(input.selectionStart, input.selectionEnd)]);
    assert.deepEqual(selected, [true, shown]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await code_forgotten(page);
  });
});

test('the administrator turns the agent\'s 2FA off after confirming, and the agent signs in with the password alone', async () => {
  const agent = await new_agent('turning');
  await with_page(browser, {}, async (page) => {
    const { row, name } = await agent_row(page, agent);
    await row.getByRole('button', { name: action_name('admin.turn_off_two_factor', name) }).click();
    const dialog = page.getByRole('dialog', { name: fill(en['admin.turn_off_title'], { name }) });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('button', { name: en['admin.cancel'] })
      .evaluate((button) => button === document.activeElement), true, 'the safe choice has the focus');
    await expect_accessible(page, 'People, turn off 2FA dialog');
    const removed = page.waitForResponse((response) => response.url().endsWith('/two-factor'));
    await dialog.getByRole('button', { name: en['admin.turn_off_confirm'] }).click();
    assert.equal((await removed).status(), 204);
    const status = page.getByRole('status').filter({ hasText: fill(en['admin.two_factor_turned_off'], { name }) });
    assert.equal(await visible_text(status), fill(en['admin.two_factor_turned_off'], { name }));
    assert.equal(await visible_text(row.getByRole('cell').nth(3)), en['admin.two_factor_off']);
    for (const key of ['admin.get_backup_code', 'admin.turn_off_two_factor']) {
      assert.equal(await row.getByRole('button', { name: action_name(key, name) }).count(), 0,
        `no "${en[key]}" without a second factor`);
    }
  });

  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
  });
  const mail = await outbox_of(server).next({
    to: agent.email, subject: catalog_text('en', 'mail.two_factor_off_by_admin.subject'),
  });
  assert.ok(mail.text.includes(catalog_text('en', 'mail.two_factor_off_by_admin.not_you')), mail.text);
});
