// The lockout in Chromium: five wrong authentication codes lock the account
// (warnings after the 3rd and 4th), a locked account cannot sign in even with
// the right password (answered as a wrong one), and an administrator unlocks it from the admin console,
// after which the app's code signs in again. Codes come from oathtool. Each
// test has a person of its own, whose app is turned on (and locked) over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import { outbox_of } from '../support/mail.mjs';
import { wrong_app_code } from '../support/two_factor.mjs';
import {
  action_name, catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser,
  submit_sign_in, visible_text, with_page,
} from './browser.mjs';
import { add_person, lock_out, person_row, search_people, with_app_on } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// Types `code` on the code page and resolves to the server's answer
// ({status, body}) once the page shows what it says in its alert region.
async function submit_code(page, code) {
  const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
    response.request().method() === 'POST');
  await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(code);
  await page.getByRole('button', { name: en['verify.submit'] }).click();
  const answer = await answered;
  const body = await answer.json();
  // The page empties its alert on submit and fills it from the answer.
  const alert_text = await visible_text(page.locator('#form-alert p'));
  return { status: answer.status(), body, alert_text };
}

// The password step alone, on the sign-in page; resolves to the alert's text.
async function sign_in_refused(page, person) {
  const answer = await submit_sign_in(page, server.url, person);
  return { status: answer.status(), body: await answer.json(), alert_text: await visible_text(page.locator('#form-alert p')) };
}

test('five wrong codes lock the account, with warnings after the third and fourth; the password alone is then refused', async () => {
  const agent = await add_person(server, { username: 'five', display_name: 'Five Codes' });
  const { totp } = await with_app_on(server, agent);
  const failures = ['/api/session/second-step', '/api/session'];
  await with_page(browser, { expected_failures: failures }, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByText(en['verify.app_prompt']).waitFor();
    const wrong = await wrong_app_code(totp);

    for (const attempts_left of [4, 3]) {
      const answer = await submit_code(page, wrong);
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error.attempts_left, attempts_left);
      assert.equal(answer.alert_text, en['error.code_rejected'], 'no warning yet');
    }
    for (const attempts_left of [2, 1]) {
      const answer = await submit_code(page, wrong);
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error.attempts_left, attempts_left);
      assert.equal(answer.alert_text, `${en['error.code_rejected']} ${fill(en['error.lock_warning'], { count: attempts_left })}`);
    }

    // The fifth wrong code locks the account: nothing more to type here.
    const locked = await submit_code(page, wrong);
    assert.equal(locked.status, 403);
    assert.equal(locked.body.error.code, 'account_locked');
    assert.equal(locked.alert_text, en['error.account_locked']);
    // Only the lock message and the way back: no prompt for a code above it.
    assert.equal(await page.getByRole('textbox', { name: en['verify.code_label'] }).isHidden(), true);
    assert.equal(await page.getByRole('button', { name: en['verify.submit'] }).isHidden(), true);
    assert.equal(await page.getByText(en['verify.app_prompt']).isHidden(), true, 'no code prompt');
    assert.deepEqual(await page.locator('main').getByRole('button').count(), 0, 'nothing to press but the way back');
    assert.deepEqual((await page.locator('main').innerText()).split('\n').filter(Boolean),
      [en['verify.title'], en['error.account_locked'], en['nav.back_to_sign_in']]);
    await expect_accessible(page, 'code page, account locked');
    const back = page.getByRole('link', { name: en['nav.back_to_sign_in'] });
    assert.equal(await back.evaluate((link) => link === document.activeElement), true, 'focus moves to the way back');
    await back.click();
    await page.waitForURL(`${server.url}/`);

    // The right password no longer leads to the code page, and is answered
    // as a wrong one: a lock must not tell a guesser that he has it.
    const refused = await sign_in_refused(page, agent);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'sign_in_failed');
    assert.equal(refused.alert_text, en['error.sign_in_failed']);
    assert.equal(page.url(), `${server.url}/`);
  });

  // The agent is told by email.
  const mail = await outbox_of(server).next({ to: agent.email, subject: fill(en['mail.account_locked.subject'], { product: en['app.name'] }) });
  assert.ok(mail.text.includes(en['mail.account_locked.until_unlocked']), mail.text);
});

test('the administrator finds the locked agent, unlocks the account, and the agent signs in with the app again', async () => {
  const agent = await add_person(server, { username: 'locked', display_name: 'Locked Agent' });
  const { totp } = await with_app_on(server, agent);
  await lock_out(server, agent, totp);
  await with_page(browser, {}, async (admin_page) => {
    await sign_in(admin_page, server.url, admin, '/admin/');
    await admin_page.getByRole('heading', { name: en['admin.people_title'] }).waitFor();
    const found = await search_people(admin_page, server.url, agent.account);
    assert.equal(found.total, 1);

    const row = person_row(admin_page, agent.account);
    assert.equal(await visible_text(row.locator('.status-badge')), en['admin.status_locked']);
    assert.equal(await visible_text(row.getByRole('cell').nth(3)), en['admin.two_factor_app']);
    const name = await visible_text(row.getByRole('rowheader'));
    const unlock = row.getByRole('button', { name: action_name('admin.unlock', name) });
    assert.equal(await unlock.innerText(), en['admin.unlock']);
    await expect_accessible(admin_page, 'People, a locked account');

    // By keyboard, as anyone may: focus moves to the person's name once the button is gone.
    const unlocked = admin_page.waitForResponse((response) => response.url().endsWith('/unlock'));
    await unlock.focus();
    await admin_page.keyboard.press('Enter');
    assert.equal((await unlocked).status(), 204);
    const status = admin_page.getByRole('status').filter({ hasText: fill(en['admin.unlocked'], { name }) });
    assert.equal(await visible_text(status), fill(en['admin.unlocked'], { name }));
    assert.equal(await visible_text(row.locator('.status-badge')), en['admin.status_active']);
    assert.equal(await row.getByRole('button', { name: action_name('admin.unlock', name) }).count(), 0,
      'no Unlock for an unlocked account');
    assert.equal(await row.getByRole('rowheader').evaluate((cell) => cell === document.activeElement), true);
  });

  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(await totp.next());
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
    await page.locator('#console-overview').waitFor({ state: 'visible' });
  });
});
