// "Don't ask again" in Chromium: an administrator lets agents skip 2FA for
// 30 days in the console's Security section; the agent signs in with a code
// from oathtool, ticks "Don't ask again for 30 days", signs out and signs in
// again with the password alone; a fresh browser (context) is asked for the
// code again. The tests run in order and build on each other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fastHashArgs, startServer } from '../support/server.mjs';
import { currentStep, secondsLeftInStep } from '../support/totp.mjs';
import { catalog, launch_browser, sign_in, visible_text, with_page } from './browser.mjs';
import { person_row, turn_on_app } from './people.mjs';

const en = catalog('en');
let server;
let browser;
let agent;
let admin;
let totp;  // the agent's authenticator app, once it is on

before(async () => {
  [server, browser] = await Promise.all([startServer({ args: fastHashArgs }), launch_browser()]);
  agent = { company: server.demo.company, ...server.demo.agent };
  admin = { company: server.demo.company, ...server.demo.admin };
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => String(values[name] ?? whole));
}

// A code the server takes: of a step later than the last one used, and at
// most one step ahead of the clock (RFC 6238 §5.2), so with several
// sign-ins in a row this waits for the clock to reach the next step.
async function next_code() {
  while (totp.lastStep !== null && totp.lastStep >= currentStep() + 1) {
    await new Promise((resolve) => { setTimeout(resolve, Math.max(100, secondsLeftInStep() * 1000)); });
  }
  return totp.next();
}

async function sign_out(page) {
  await page.getByRole('button', { name: en['console.sign_out'] }).click();
  await page.waitForURL(`${server.url}/`);
}

test('the agent turns the authenticator app on', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/agent/');
    totp = await turn_on_app(page, server.url, '/agent/');
    await sign_out(page);
  });
});

test('the admin lets agents skip 2FA for 30 days', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, admin, '/admin/');
    const section = page.getByRole('region', { name: en['admin.security_title'] });
    const every_login = section.getByRole('radio', { name: en['admin.policy_every_login'] });
    await every_login.waitFor();
    assert.equal(await every_login.isChecked(), true, 'every login is the default');
    await section.getByText(en['admin.policy_hint']).waitFor();
    await section.getByRole('radio', { name: fill(en['admin.policy_skip_days'], { days: 30 }) }).check();
    const saved = page.waitForResponse((response) => response.url() === `${server.url}/api/admin/security` &&
      response.request().method() === 'PUT');
    await section.getByRole('button', { name: en['admin.save'] }).click();
    const answer = await saved;
    assert.equal(answer.status(), 200);
    assert.deepEqual((await answer.json()).two_factor_policy, { skip_days: 30 });
    assert.equal(await visible_text(section.getByRole('status')), en['admin.saved']);
  });
});

test('"Don\'t ask again for 30 days" lets the agent sign in again without a code; a fresh browser is asked', async () => {
  assert.ok(totp, 'the app is on');
  const remember_label = fill(en['verify.remember'], { days: 30 });
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    const remember = page.getByRole('checkbox', { name: remember_label });
    await remember.waitFor();
    assert.equal(await remember.isChecked(), false, 'not ticked unless the agent ticks it');
    await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(await next_code());
    await remember.check();
    await page.getByRole('button', { name: en['verify.submit'] }).click();
    await page.waitForURL(`${server.url}/agent/`);
    const cookies = await page.context().cookies();
    const trusted = cookies.find((cookie) => cookie.name === 'twofold_trusted_browser');
    assert.ok(trusted, 'the browser keeps the trusted-browser cookie');
    assert.equal(trusted.httpOnly, true);
    assert.equal(trusted.sameSite, 'Strict');

    // Security settings list this browser.
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    const trusted_section = page.getByRole('region', { name: en['trusted.heading'] });
    await trusted_section.getByText(en['trusted.this_browser'], { exact: false }).waitFor();
    await page.goto(`${server.url}/agent/`);

    await sign_out(page);
    await sign_in(page, server.url, agent, '/agent/');  // no code page on the way
    await page.getByRole('heading', { name: en['console.agent_title'] }).waitFor();
    await sign_out(page);
  });

  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, agent, '/verify/');
    await page.getByRole('textbox', { name: en['verify.code_label'] }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: remember_label }).isVisible(), true);
  });
});

// Signs the agent in with a code, ticking "Don't ask again", on `page`.
async function sign_in_remembered(page) {
  await sign_in(page, server.url, agent, '/verify/');
  await page.getByRole('textbox', { name: en['verify.code_label'] }).fill(await next_code());
  await page.getByRole('checkbox', { name: fill(en['verify.remember'], { days: 30 }) }).check();
  const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/session/second-step` &&
    response.request().method() === 'POST');
  await page.getByRole('button', { name: en['verify.submit'] }).click();
  const answer = await answered;
  assert.equal(answer.status(), 200, answer.status() === 200 ? '' : await answer.text());
  await page.waitForURL(`${server.url}/agent/`);
}

test('the agent forgets the trusted browsers in Security settings: the next sign-in asks for a code', async () => {
  await with_page(browser, {}, async (page) => {
    await sign_in_remembered(page);
    await page.getByRole('link', { name: en['console.security_settings'] }).click();
    await page.waitForURL(`${server.url}/profile/`);
    const section = page.getByRole('region', { name: en['trusted.heading'] });
    await section.getByText(en['trusted.this_browser'], { exact: false }).waitFor();
    await section.getByRole('button', { name: en['trusted.forget_all'] }).click();
    assert.equal(await visible_text(section.getByRole('status')), en['trusted.forgotten']);
    await section.getByText(en['trusted.none']).waitFor();
    await page.getByRole('button', { name: en['console.sign_out'] }).click();
    await page.waitForURL(`${server.url}/`);
    await sign_in(page, server.url, agent, '/verify/');
  });
});

test('an administrator forgets the agent\'s trusted browsers from the People table', async () => {
  await with_page(browser, {}, async (agent_page) => {
    await sign_in_remembered(agent_page);
    await sign_out(agent_page);
    await with_page(browser, {}, async (admin_page) => {
      await sign_in(admin_page, server.url, admin, '/admin/');
      const row = person_row(admin_page, agent.account);
      const name = await visible_text(row.getByRole('rowheader'));
      const forget = row.getByRole('button', { name: fill(en['admin.forget_browsers_person'], { name }) });
      await forget.click();
      const status = admin_page.locator('#people-status');
      assert.equal(await visible_text(status), fill(en['admin.browsers_forgotten'], { name }));
    });
    await sign_in(agent_page, server.url, agent, '/verify/');
  });
});
