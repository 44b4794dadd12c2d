// Single sign-on for the browser tests: real OpenID providers on loopback
// (tests/support/openid_provider.mjs: oidc-provider issuers; and
// microsoft_authority.mjs: tenants behind a "common" endpoint like
// login.microsoftonline.com), each with a client registered for the Twofold
// server's redirect URI, set up for a company over the admin API; and the
// providers' login pages, used in Chromium as a person would.
//
//   const google = await start_google_like(server, admin);
//   await configure_sso(server, admin, { google: google.settings() });
//   ... click "Sign in with Google"; await sign_in_at_provider(page, google, ann.sub);
//   await google.close();
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { start_microsoft_authority } from '../support/microsoft_authority.mjs';
import { start_open_id_provider } from '../support/openid_provider.mjs';
import { sign_in_person } from '../support/people.mjs';
import { client } from '../support/server.mjs';

// People at the providers. Google vouches for Ann's address, not for Ben's.
export const ann = { sub: '104471930162218830571', email: 'ann@gmail.example', email_verified: true, name: 'Ann Example' };
export const ben = { sub: '117294838101772540066', email: 'ben@gmail.example', email_verified: false, name: 'Ben Example' };
export const cai = { sub: '109876543210987654321', email: 'cai@gmail.example', email_verified: true, name: '蔡明' };
export const dee = { sub: '100200300400500600700', email: 'dee@gmail.example', email_verified: true, name: 'Dee Keys' };
// In the Microsoft-like authority's tenant Contoso.
export const adele = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', email: 'adele@contoso.example', email_verified: true, name: 'Adele Vance',
};
export const megan = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAM2VnYW4tYm93ZW4tY29udG9zbw', email: 'megan@contoso.example', email_verified: true, name: 'Megan Bowen',
};
export const contoso = { tid: '2b7c0a1e-0d6f-4b5e-9b1a-6f0c3d1e2a4b', domain: 'contoso.example', accounts: [adele, megan] };
// At the generic provider.
export const gia = { sub: 'gia-7f3e', email: 'gia@idp.example', email_verified: true, name: 'Gia Generic' };

// Runs `body(session)` with a client of `server` signed in as `person`.
async function as_person(server, person, body) {
  const session = client(server.url);
  try {
    await sign_in_person(session, person);
    return await body(session);
  } finally {
    session.close();
  }
}

// GET /api/admin/sso's redirect_uri: what a provider registers for Twofold.
export function redirect_uri_of(server, admin) {
  return as_person(server, admin, async (session) => {
    const answer = await session.get('/api/admin/sso');
    assert.equal(answer.status, 200, answer.text);
    return answer.json.redirect_uri;
  });
}

// A client of Twofold at a provider: its ID, secret and redirect URI.
function new_client(name, redirect_uri) {
  return {
    client_id: `twofold-${name}-${randomBytes(4).toString('hex')}`,
    client_secret: randomBytes(32).toString('base64url'),
    redirect_uri,
  };
}

// A provider as the tests use it: {issuer (its address), client,
// settings(extra) (its entry for PUT /api/admin/sso), close()}.
function as_provider(id, harness, client_of_twofold, settings_of) {
  return {
    id,
    origin: harness.origin ?? harness.authority,
    client: client_of_twofold,
    settings: (extra = {}) => ({
      enabled: true, client_id: client_of_twofold.client_id, client_secret: client_of_twofold.client_secret,
      ...settings_of(), ...extra,
    }),
    close: harness.close,
  };
}

// The Google-like provider (RS256) with `accounts`, registered for `server`;
// Twofold's Google preset with its issuer overridden to it.
export async function start_google_like(server, admin, accounts = [ann, ben, cai, dee]) {
  const registered = new_client('google', await redirect_uri_of(server, admin));
  const harness = await start_open_id_provider({ path: '/google', client: registered, accounts });
  return { ...as_provider('google', harness, registered, () => ({ issuer: harness.issuer })), issuer: harness.issuer };
}

// The Microsoft-like authority with the tenant Contoso, registered for
// `server`; Twofold's Office 365 preset with the authority overridden and
// the tenant "common" (its login asks for the account twice: which tenant,
// then the tenant's own login).
export async function start_microsoft_like(server, admin) {
  const registered = new_client('microsoft', await redirect_uri_of(server, admin));
  const harness = await start_microsoft_authority({ client: registered, tenants: [contoso] });
  return {
    ...as_provider('microsoft', harness, registered, () => ({ issuer: harness.authority, tenant: 'common' })),
    issuer: harness.authority,
  };
}

// A generic OpenID provider (ES256) with Gia, registered for `server`; not
// set up in Twofold (the admin test does that in the console).
export async function start_generic(server, admin) {
  const registered = new_client('oidc', await redirect_uri_of(server, admin));
  const harness = await start_open_id_provider({ path: '/realms/acme', client: registered, accounts: [gia], algorithm: 'ES256' });
  return { ...as_provider('oidc', harness, registered, () => ({ issuer: harness.issuer })), issuer: harness.issuer };
}

// PUT /api/admin/sso as `admin`: the stored settings with the entries of
// `providers` ({google: {...}, microsoft: {...}}) changed.
export function configure_sso(server, admin, providers, { two_factor_after_sso } = {}) {
  return as_person(server, admin, async (session) => {
    const current = await session.get('/api/admin/sso');
    assert.equal(current.status, 200, current.text);
    const body = {
      providers: current.json.providers.map(({ client_secret_set: _, ...entry }) => ({ ...entry, ...providers[entry.id] })),
    };
    if (two_factor_after_sso !== undefined) body.two_factor_after_sso = two_factor_after_sso;
    const answer = await session.request('/api/admin/sso', { method: 'PUT', json: body });
    assert.equal(answer.status, 200, `PUT /api/admin/sso: ${answer.text}`);
    return answer.json;
  });
}

// At `provider`'s login page (loopback_site.mjs's login_page: "Account" and
// "Sign in"), signs in as `login`, `forms` times (the Microsoft-like
// authority's "common" asks which account first, then its tenant asks
// again). Resolves once the browser has left the last form. (Twofold's
// sign-in page has an "Account" and a "Sign in" too: each form is looked
// for once the browser is at the provider.)
export async function sign_in_at_provider(page, provider, login, { forms = 1 } = {}) {
  for (let form = 0; form < forms; ++form) {
    await page.waitForURL((url) => url.origin === provider.origin);
    const here = page.url();
    await page.getByRole('textbox', { name: 'Account' }).fill(login);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.href !== here);
  }
}

// Presses Cancel at `provider`'s login page: the provider sends the browser
// back with error=access_denied.
export async function cancel_at_provider(page, provider) {
  await page.waitForURL((url) => url.origin === provider.origin);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
}

// The paths a provider's pages may ask for that it does not have (Chromium
// asks every site for its icon): for with_page's expected_failures.
export const provider_page_failures = ['/favicon.ico'];

// Whether `url` (a URL) is one of the provider's login pages.
export function is_login_page(url, provider) {
  return url.origin === provider.origin && (url.pathname.includes('/interaction/') || url.pathname.endsWith('/authorize'));
}
