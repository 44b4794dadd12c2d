// SMS codes in Chromium: an agent whose company requires 2FA lands in
// Security settings after the password and sets SMS codes up there (a
// country from the list, the number as typed, checked by the wasm core
// first), with the keyboard; the code texted (the server's default transport
// writes it under <data-dir>/outbox/sms/) turns them on and the page shows
// the number masked; the next sign-in asks for a code sent to that number.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import { six_digit_code } from '../support/mail.mjs';
import { sms_outbox } from '../support/sms.mjs';
import {
  catalog, expect_accessible, fill, sign_in, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person, save_security } from './people.mjs';

const en = catalog('en');
const masked = '+44 ••• ••• 0123';
let server;
let browser;
let phone;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
  phone = sms_outbox(server);
});

after(() => stop_server_and_browser(server, browser));

function field_message(key, field_key) {
  return fill(en[key], { field: en[field_key] });
}

test('a required first setup with SMS codes, by keyboard, then a sign-in with a texted code', async () => {
  const admin = await add_company(server);
  await save_security(server, admin, {
    lock_mode: 'until_unlocked', two_factor_policy: { skip_days: null }, require_two_factor: true,
  });
  const agent = await add_person(server, { username: 'texted', display_name: 'Texted Agent', company_admin: admin });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/profile/');
    assert.equal(await visible_text(page.locator('#setup-required')), en['security.setup_required']);
    await page.locator('#sms-status').getByText(en['two_factor.status_off']).waitFor();

    // Set up, with the keyboard: the button, the country list, the number.
    await page.locator('#sms-set-up').focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('region', { name: en['two_factor.sms_setup_heading'] });
    await box.waitFor();
    const country = box.getByRole('combobox', { name: en['two_factor.sms_country_label'] });
    await country.selectOption('GB');
    const uk = fill(en['two_factor.sms_country_option'], { country: 'United Kingdom', dial_code: '44' });
    assert.equal(await country.locator('option:checked').innerText(), uk);
    const number = box.getByRole('textbox', { name: en['two_factor.sms_phone_label'] });
    await number.focus();
    await page.keyboard.type('07700 90012');
    await page.keyboard.press('Enter');
    // The core refuses it in the browser: nothing was sent.
    const too_short = field_message('validation.phone_too_short', 'field.phone');
    await box.locator('#phone-error').getByText(too_short).waitFor();
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'phone');
    await expect_accessible(page, 'Security settings, SMS setup with a field error');
    assert.deepEqual(await phone.all(), []);

    await page.keyboard.type('3');
    const sent = page.waitForResponse(`${server.url}/api/me/two-factor/sms`);
    await page.keyboard.press('Enter');
    assert.equal((await sent).status(), 200);
    const dialog = page.getByRole('dialog', { name: en['two_factor.code_dialog_title'] });
    await dialog.getByText(fill(en['two_factor.code_dialog_sms'], { phone: masked })).waitFor();
    assert.equal(await dialog.locator('#code-resend').isDisabled(), true, 'Resend waits its 60 seconds');
    await expect_accessible(page, 'Security settings, SMS code dialog');

    const sms = await phone.next({ to: '+447700900123' });
    await page.keyboard.type(six_digit_code(sms.text));
    await page.keyboard.press('Enter');
    await page.getByText(en['two_factor.enabled'], { exact: true }).waitFor();
    assert.equal(await visible_text(page.locator('#sms-status')), en['two_factor.status_active']);
    assert.equal(await visible_text(page.locator('#sms-number')), fill(en['two_factor.sms_number'], { phone: masked }));
    assert.equal(await page.locator('#new-codes-list code').count(), 10);
    assert.equal(await page.locator('#setup-required').isVisible(), false, 'nothing more is required');
    await expect_accessible(page, 'Security settings, SMS codes on');
    await page.getByRole('button', { name: en['console.sign_out'] }).click();
    await page.waitForURL(`${server.url}/`);
  });

  await with_page(browser, {}, async (page) => {
    const pending = page.waitForResponse(`${server.url}/api/session/second-step`);
    await sign_in(page, server.url, agent, '/verify/');
    const { second_step } = await (await pending).json();
    assert.equal(second_step.method, 'sms');
    await page.getByText(fill(en['verify.sms_sent'], { phone: masked })).waitFor();
    assert.equal(await page.locator('#resend').isVisible(), true);
    assert.equal(await page.locator('#resend').isDisabled(), true);
    await expect_accessible(page, 'code page, SMS');
    const sms = await phone.next({ to: '+447700900123' });
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(six_digit_code(sms.text));
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
  });
});
