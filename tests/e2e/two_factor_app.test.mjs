// Two-factor authentication with an authenticator app, in Chromium: set up
// from the secret shown on the page (codes from oathtool, the QR Code read
// back by jsQR and zbarimg), the backup codes file, signing in with a TOTP
// code and with a backup code (once only), and turning it off again. Each
// test has an agent of its own; the app is turned on over HTTP where the
// test is not about setting it up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { client, fast_hash_args } from '../support/server.mjs';
import { app_codes, wrong_app_code } from '../support/two_factor.mjs';
import {
  catalog, expect_accessible, fill, read_qr_code, sign_in, start_server_and_browser, stop_server_and_browser,
  visible_text, with_page,
} from './browser.mjs';
import { add_person, with_app_on } from './people.mjs';

const en = catalog('en');
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// An agent of the test's own; with `app_on`, the app turned on over HTTP:
// {agent, totp, backup_codes}.
async function new_agent(username, { app_on = true } = {}) {
  const agent = await add_person(server, { username, display_name: `Agent ${username}` });
  return app_on ? { agent, ...(await with_app_on(server, agent)) } : { agent };
}

async function open_security_settings(page) {
  await page.getByRole('link', { name: en['console.security_settings'] }).click();
  await page.waitForURL(`${server.url}/profile/`);
  await page.getByRole('heading', { name: en['two_factor.heading'] }).waitFor();
}

function method_row(page, name_key) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: en[name_key], exact: true }) });
}

// Signs `agent` in with the password and `backup_code` on the code page.
async function sign_in_with_backup_code(page, agent, backup_code) {
  await sign_in(page, server.url, agent, '/verify/');
  await page.getByRole('button', { name: en['verify.use_backup_code'] }).click();
  await page.getByRole('textbox', { name: en['verify.backup_code_label'] }).fill(backup_code);
  await page.getByRole('button', { name: en['verify.submit'] }).click();
  await page.waitForURL(`${server.url}/agent/`);
}

// A sign-in of `agent` with `backup_code` from outside the browser (as on another device).
async function sign_in_over_http(agent, backup_code) {
  const other_device = client(server.url);
  try {
    const { company, account, password } = agent;
    const first_step = await other_device.post('/api/session', { json: { company, account, password } });
    assert.equal(first_step.status, 202, first_step.text);
    const finished = await other_device.post('/api/session/second-step', { json: { backup_code } });
    assert.equal(finished.status, 200, finished.text);
  } finally {
    other_device.close();
  }
}

async function sign_out(page) {
  await page.getByRole('button', { name: en['console.sign_out'], exact: true }).click();
  await page.waitForURL(`${server.url}/`);
}

test('the authenticator app is set up from the secret shown on the page, and its QR Code says the same', async () => {
  const { agent } = await new_agent('setting', { app_on: false });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
    await open_security_settings(page);
    const app = method_row(page, 'two_factor.app_name');
    // The badge is empty (yet visible) until the page has the methods' state.
    const badge = app.locator('.status-badge').filter({ hasText: /\S/ });
    assert.equal(await visible_text(badge), en['two_factor.status_off']);

    const setup_answer = page.waitForResponse(`${server.url}/api/me/two-factor/app`);
    await app.getByRole('button', { name: en['two_factor.set_up'] }).click();
    const setup = await (await setup_answer).json();
    const secret = (await visible_text(page.locator('#totp-secret'))).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);

    // The QR Code, drawn by the page, read back by two decoders.
    const qr = page.getByRole('img', { name: en['two_factor.qr_label'] });
    const decoded = await read_qr_code(qr);
    assert.equal(decoded.jsqr, setup.otpauth_uri);
    assert.equal(decoded.zbar, setup.otpauth_uri);
    const uri = new URL(decoded.jsqr);
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), secret, 'the QR Code holds the secret shown as text');
    await expect_accessible(page, 'Security settings, app setup with its QR Code');

    await page.getByRole('button', { name: en['two_factor.next'] }).click();
    const dialog = page.getByRole('dialog', { name: en['two_factor.code_dialog_title'] });
    await dialog.waitFor();
    const code_field = dialog.getByLabel(en['verify.code_label']);
    assert.equal(await code_field.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await code_field.getAttribute('inputmode'), 'numeric');

    // The core refuses a malformed code before anything is sent.
    await code_field.fill('12345');
    await dialog.getByRole('button', { name: en['two_factor.verify'] }).click();
    assert.equal(await visible_text(dialog.locator('#code-error')),
                 fill(en['validation.not_six_digits'], { field: en['field.code'] }));
    await expect_accessible(page, 'Security settings, code dialog with a field error');

    const totp = app_codes(secret);
    await code_field.fill(await totp.next());
    await dialog.getByRole('button', { name: en['two_factor.verify'] }).click();
    await page.getByText(en['two_factor.enabled'], { exact: true }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await visible_text(app.locator('.status-badge')), en['two_factor.status_active']);

    // One method at a time: email cannot be set up now, and says why.
    const email = method_row(page, 'two_factor.email_name');
    assert.equal(await email.getByRole('button', { name: en['two_factor.set_up'] }).isDisabled(), true);
    await email.getByText(en['two_factor.other_active']).waitFor();

    const backup_codes = await page.locator('#new-codes-list code').allInnerTexts();
    assert.equal(backup_codes.length, 10);
    await expect_accessible(page, 'Security settings, backup codes shown');
    assert.equal(new Set(backup_codes).size, 10);

    // Signed out from here, the next sign-in asks for a code from the app.
    await sign_out(page);
    assert.equal((await page.request.get(`${server.url}/api/me`)).status(), 401);
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(await totp.next());
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
  });
});

test('the backup codes file holds the codes shown, and downloading it ends the reminder', async () => {
  const { agent, backup_codes } = await new_agent('downloading');
  await with_page(browser, {}, async (page) => {
    await sign_in_with_backup_code(page, agent, backup_codes.at(-1));
    await open_security_settings(page);

    // After a reload the codes are gone from the page: the reminder offers new ones.
    const reminder = page.locator('#backup-reminder');
    await reminder.getByRole('heading', { name: en['backup_codes.ui_reminder'] }).waitFor();
    await reminder.getByText(en['backup_codes.ui_reminder_lost']).waitFor();
    await expect_accessible(page, 'Security settings, reminder of lost backup codes');
    await reminder.getByRole('button', { name: en['backup_codes.ui_generate'] }).click();
    const confirm = page.getByRole('dialog', { name: en['backup_codes.ui_generate_title'] });
    await confirm.waitFor();
    await expect_accessible(page, 'Security settings, new backup codes confirmation');
    await confirm.getByRole('button', { name: en['backup_codes.ui_generate'] }).click();
    await confirm.waitFor({ state: 'hidden' });

    const codes = await page.locator('#new-codes-list code').allInnerTexts();
    assert.equal(codes.length, 10);
    assert.equal(codes.some((code) => backup_codes.includes(code)), false, 'new codes replace the old ones');
    await reminder.getByText(en['backup_codes.ui_reminder_text']).waitFor();

    const download = page.waitForEvent('download');
    const recorded = page.waitForResponse(`${server.url}/api/me/backup-codes/download`);
    await page.getByRole('button', { name: en['backup_codes.ui_download'] }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), en['backup_codes.ui_file_name']);
    const content = await readFile(await file.path(), 'utf8');
    const today = new Date().toLocaleDateString('sv-SE');  // YYYY-MM-DD in local time, as the page writes it
    assert.equal(content.split('\n')[0], fill(en['backup_codes.file_title'], { product: en['app.name'] }));
    for (const line of [fill(en['backup_codes.file_company'], { company: server.demo.company }),
                        fill(en['backup_codes.file_account'], { account: agent.account }),
                        fill(en['backup_codes.file_created'], { date: today }),
                        en['backup_codes.file_usage']]) {
      assert.ok(content.includes(`\n${line}\n`), `the file has "${line}":\n${content}`);
    }
    const codes_in_file = content.match(/^ ?\d+\. (\S+)$/gm).map((line) => line.trim().replace(/^\d+\. /, ''));
    assert.deepEqual(codes_in_file, codes);

    assert.equal((await recorded).status(), 204);
    await reminder.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('heading', { name: en['two_factor.heading'] }).waitFor();
    await page.locator('#app-status').getByText(en['two_factor.status_active']).waitFor();
    assert.equal(await reminder.isHidden(), true, 'the server recorded the download');
  });
});

test('with the app on, signing in takes a code from it; a wrong one is refused', async () => {
  const { agent, totp } = await new_agent('signing');
  await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByText(en['verify.app_prompt']).waitFor();
    assert.equal(await page.locator('#resend').isHidden(), true, 'no Resend for an app');
    await expect_accessible(page, 'code page, app');

    const code = page.getByRole('textbox', { name: en['verify.code_label'] });
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');

    // The core checks the form before anything is sent.
    const sent = [];
    page.on('request', (request) => { if (request.method() === 'POST') sent.push(request.url()); });
    await code.fill('12a456');
    await code.press('Enter');
    assert.equal(await visible_text(page.locator('#code-error')), fill(en['validation.not_digits'], { field: en['field.code'] }));
    assert.deepEqual(sent, []);

    await code.fill(await wrong_app_code(totp));
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    // A first wrong code is only refused: the warning of a lock comes after the third.
    assert.equal(await visible_text(page.locator('#form-alert p')), en['error.code_rejected']);
    await expect_accessible(page, 'code page, a wrong code');

    await code.fill(await totp.next());
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
    await page.locator('#console-overview').waitFor({ state: 'visible' });
  });
});

test('a backup code signs in once, and never again', async () => {
  const { agent, backup_codes } = await new_agent('once');
  await with_page(browser, { expected_failures: ['/api/session/second-step'] }, async (page) => {
    const backup_code = backup_codes[0];
    for (const attempt of ['first', 'second']) {
      await sign_in(page, server.url, agent, '/verify/');
      await page.getByRole('button', { name: en['verify.use_backup_code'] }).click();
      const field = page.getByRole('textbox', { name: en['verify.backup_code_label'] });
      await field.fill(backup_code.toLowerCase());  // case and hyphens do not matter
      await page.getByRole('button', { name: en['verify.submit'] }).click();
      if (attempt === 'first') {
        await page.waitForURL(`${server.url}/agent/`);
        await sign_out(page);
      } else {
        await page.getByRole('alert').getByText(en['error.code_rejected']).waitFor();
        assert.equal(page.url(), `${server.url}/verify/`);
      }
    }
    // Cancel discards the pending sign-in and returns to the sign-in page.
    await page.getByRole('button', { name: en['verify.cancel'] }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/verify/`);
    await page.waitForURL(`${server.url}/`);
  });
});

test('the backup codes list shows which codes were used and suggests new ones when few are left; turning 2FA off asks first', async () => {
  const { agent, backup_codes } = await new_agent('listing');
  await with_page(browser, {}, async (page) => {
    // Code 1 signs in here, code 2 elsewhere: eight are left.
    await sign_in_with_backup_code(page, agent, backup_codes[0]);
    await sign_in_over_http(agent, backup_codes[1]);
    await open_security_settings(page);
    assert.equal(await page.locator('#backup-low').isHidden(), true, 'eight codes left are plenty');

    // Codes 3 to 8 are used elsewhere; with two left the page suggests new ones.
    for (const backup_code of backup_codes.slice(2, 8)) await sign_in_over_http(agent, backup_code);
    await page.reload();
    await page.locator('#backup-low').getByText(fill(en['backup_codes.ui_low'], { count: 2 })).waitFor();

    // Codes 1 to 8 were used, the rest not.
    await page.getByRole('button', { name: en['backup_codes.ui_view'] }).click();
    const list = page.locator('#codes-status li');
    await list.first().waitFor();
    const rows = (await list.allInnerTexts()).map((row) => row.replace(/\s+/g, ' '));
    assert.equal(rows.length, 10);
    await expect_accessible(page, 'Security settings, backup codes list and few left');
    const used = fill(en['backup_codes.ui_used'], { date: '' }).replace(/\W+$/, '');  // "Used"
    for (const [index, row] of rows.entries()) {
      const name = fill(en['backup_codes.ui_code_number'], { number: index + 1 });
      if (index < 8) assert.ok(row.startsWith(`${name} ${used} (`), row);
      else assert.equal(row, `${name} ${en['backup_codes.ui_unused']}`);
    }

    const app = method_row(page, 'two_factor.app_name');
    await app.getByRole('button', { name: en['two_factor.turn_off'] }).click();
    const confirm = page.getByRole('dialog', { name: en['two_factor.turn_off_title'] });
    await confirm.getByText(en['two_factor.turn_off_text']).waitFor();
    await expect_accessible(page, 'Security settings, turn off confirmation');
    // Cancel changes nothing.
    await confirm.getByRole('button', { name: en['two_factor.cancel'] }).click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await visible_text(app.locator('.status-badge')), en['two_factor.status_active']);

    await app.getByRole('button', { name: en['two_factor.turn_off'] }).click();
    await confirm.getByRole('button', { name: en['two_factor.turn_off'] }).click();
    await page.getByText(en['two_factor.disabled'], { exact: true }).waitFor();
    assert.equal(await visible_text(app.locator('.status-badge')), en['two_factor.status_off']);
    assert.equal(await page.locator('#backup-tools').isHidden(), true);
    await sign_out(page);

    await sign_in(page, server.url, agent, '/agent/');
  });
});

test('the security settings tell when Twofold cannot be reached', async () => {
  const { agent } = await new_agent('unreachable', { app_on: false });
  await with_page(browser, { expected_failures: ['/api/me/two-factor', '/api/me/two-factor/app'] }, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
    await page.route(`${server.url}/api/me/two-factor`, (route) => route.abort('internetdisconnected'), { times: 1 });
    await open_security_settings(page);
    await page.getByRole('alert').getByText(en['error.network']).waitFor();

    await page.reload();
    await page.locator('#app-status').getByText(en['two_factor.status_off']).waitFor();
    await page.route(`${server.url}/api/me/two-factor/app`, (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.locator('#app-set-up').click();
    await page.getByRole('alert').getByText(en['error.network']).waitFor();
    assert.equal(await page.locator('#app-setup').isHidden(), true);
  });
});
