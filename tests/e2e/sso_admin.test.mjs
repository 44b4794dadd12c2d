// The admin console's Security > Single sign-on in Chromium: the redirect
// URI to register, a generic OpenID provider set up in the form (refused
// first for an issuer that is no https address, by the field), the secret
// kept unless typed, and the sign-in page then offering the provider, which
// works against a real provider on loopback. Office 365's tenant and the
// fields a turned-on provider needs are refused by their fields too, listed
// in the form's order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fast_hash_args } from '../support/server.mjs';
import {
  catalog, fill, start_server_and_browser, stop_server_and_browser, visible_text, with_page,
} from './browser.mjs';
import { add_company, open_admin_console } from './people.mjs';
import { gia, provider_page_failures, sign_in_at_provider, start_generic } from './sso_providers.mjs';

const en = catalog('en');
let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

// "Issuer (Other OpenID provider)": how the form names a provider's field in its messages.
function field_name(member_key, provider) {
  return fill(en['admin.sso_field'], { field: en[member_key], provider: en[`admin.sso_provider_${provider}`] });
}

// The console's single sign-on form and the fieldset of `provider`.
function sso_form(page) {
  const section = page.getByRole('region', { name: en['admin.sso_title'] });
  const provider = (id) => section.getByRole('group', { name: en[`admin.sso_provider_${id}`], exact: true });
  const save = section.getByRole('button', { name: fill(en['a11y.action_for'], { action: en['admin.save'], name: en['admin.sso_title'] }) });
  return { section, provider, save };
}

async function saved(page, form) {
  const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/admin/sso` &&
    response.request().method() === 'PUT');
  await form.save.click();
  return answered;
}

test('an administrator sets up another OpenID provider in the console; the sign-in page then offers it', async () => {
  const generic = await start_generic(server, admin);
  try {
    await with_page(browser, { expected_failures: [...provider_page_failures, '/api/admin/sso'] }, async (page) => {
      await open_admin_console(page, server.url, admin);
      const form = sso_form(page);
      await form.section.waitFor();
      const redirect_uri = form.section.getByRole('textbox', { name: en['admin.sso_redirect_uri'] });
      assert.equal(await redirect_uri.inputValue(), `${server.url}/sso/callback`);
      assert.equal(await redirect_uri.getAttribute('readonly'), '');
      const ask_after = form.section.getByRole('checkbox', { name: en['admin.sso_two_factor_after'] });
      assert.equal(await ask_after.isChecked(), false, 'no second factor after single sign-on by default');

      const oidc = form.provider('oidc');
      const secret = oidc.getByLabel(en['admin.sso_client_secret'], { exact: true });
      assert.equal(await secret.getAttribute('type'), 'password');
      assert.equal(await visible_text(oidc.locator('#sso-oidc-client_secret-hint')), en['admin.sso_secret_unset']);
      await oidc.getByRole('checkbox', { name: en['admin.sso_enabled'] }).check();
      await oidc.getByLabel(en['admin.sso_name'], { exact: true }).fill('Acme Identity');
      await oidc.getByLabel(en['admin.sso_client_id'], { exact: true }).fill(generic.client.client_id);
      await secret.fill(generic.client.client_secret);
      const issuer = oidc.getByLabel(en['admin.sso_issuer'], { exact: true });
      await issuer.fill('http://idp.example.com/realms/acme');

      // Plain http only on this machine: refused, by the field.
      assert.equal((await saved(page, form)).status(), 400);
      const message = fill(en['validation.invalid_url'], { field: field_name('admin.sso_issuer', 'oidc') });
      assert.equal(await visible_text(oidc.locator('#sso-oidc-issuer-error')), message);
      assert.equal(await issuer.getAttribute('aria-invalid'), 'true');
      assert.ok(await issuer.evaluate((input) => input === document.activeElement), 'the field in error has the focus');
      assert.equal(await visible_text(form.section.locator('#sso-alert li')), message);
      assert.doesNotMatch(await form.section.innerText(), /providers\.\d|[{}]/);

      await issuer.fill(generic.issuer);
      assert.equal((await saved(page, form)).status(), 200);
      assert.equal(await visible_text(form.section.locator('#sso-status')), en['admin.saved']);
      assert.equal(await issuer.getAttribute('aria-invalid'), null);
      assert.equal(await secret.inputValue(), '', 'the secret is never shown');
      assert.equal(await visible_text(oidc.locator('#sso-oidc-client_secret-hint')), en['admin.sso_secret_set']);

      // Saved again without typing the secret: the stored one stays.
      await page.reload();
      await form.section.waitFor();
      assert.equal(await oidc.getByLabel(en['admin.sso_name'], { exact: true }).inputValue(), 'Acme Identity');
      assert.equal(await visible_text(oidc.locator('#sso-oidc-client_secret-hint')), en['admin.sso_secret_set']);
      assert.equal((await saved(page, form)).status(), 200);

      // The form fits a 320 px phone, long addresses in its hints included.
      await page.setViewportSize({ width: 320, height: 640 });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    });

    // The sign-in page offers it, and the provider takes Twofold's client.
    await with_page(browser, { expected_failures: provider_page_failures }, async (page) => {
      await page.goto(`${server.url}/?company=${server.demo.company}`);
      await page.getByRole('button', { name: fill(en['sso.sign_in_with'], { provider: 'Acme Identity' }) }).click();
      await sign_in_at_provider(page, generic, gia.sub);
      await page.waitForURL(`${server.url}/bind/`);
      assert.match(await visible_text(page.locator('#bind-intro')), /Acme Identity/);
    });
  } finally {
    await generic.close();
  }
});

test('turned-on providers without their client, a malformed tenant and issuer are refused by their fields, in the form\'s order', async () => {
  const company_admin = await add_company(server);
  await with_page(browser, { expected_failures: ['/api/admin/sso'] }, async (page) => {
    await open_admin_console(page, server.url, company_admin);
    const form = sso_form(page);
    await form.section.waitFor();
    await form.provider('google').getByRole('checkbox', { name: en['admin.sso_enabled'] }).check();
    const office = form.provider('microsoft');
    const tenant = office.getByLabel(en['admin.sso_tenant'], { exact: true });
    assert.equal(await tenant.isDisabled(), true, 'the tenant counts only for one tenant');
    await office.getByRole('radio', { name: en['admin.sso_tenant_single'] }).check();
    await tenant.fill('contoso example');
    const oidc = form.provider('oidc');
    await oidc.getByRole('checkbox', { name: en['admin.sso_enabled'] }).check();
    await oidc.getByLabel(en['admin.sso_issuer'], { exact: true }).fill('ftp://idp.example.com');

    assert.equal((await saved(page, form)).status(), 400);
    const summary = await form.section.locator('#sso-alert li').allInnerTexts();
    const required = (member, provider) => fill(en['validation.required'], { field: field_name(member, provider) });
    assert.deepEqual(summary, [
      required('admin.sso_client_id', 'google'),
      required('admin.sso_client_secret', 'google'),
      fill(en['validation.invalid_choice'], { field: field_name('admin.sso_tenant', 'microsoft') }),
      required('admin.sso_name', 'oidc'),
      required('admin.sso_client_id', 'oidc'),
      required('admin.sso_client_secret', 'oidc'),
      fill(en['validation.invalid_url'], { field: field_name('admin.sso_issuer', 'oidc') }),
    ]);
    assert.equal(await visible_text(office.locator('#sso-microsoft-tenant-error')), summary[2]);
    const google_client_id = form.provider('google').getByLabel(en['admin.sso_client_id'], { exact: true });
    assert.equal(await google_client_id.getAttribute('aria-invalid'), 'true');
    assert.ok(await google_client_id.evaluate((input) => input === document.activeElement), 'the first field in error has the focus');

    // A link of the summary takes the focus to its field.
    await form.section.getByRole('link', { name: summary[2] }).click();
    assert.ok(await tenant.evaluate((input) => input === document.activeElement));

    // Nothing was saved.
    await page.reload();
    await form.section.waitFor();
    assert.equal(await form.provider('google').getByRole('checkbox', { name: en['admin.sso_enabled'] }).isChecked(), false);
    assert.equal(await office.getByRole('radio', { name: en['admin.sso_tenant_common'] }).isChecked(), true);
  });
});
