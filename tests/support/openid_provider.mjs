// Real OpenID providers for the SSO tests: oidc-provider (a certified
// OpenID Provider) on loopback, one per issuer, each with keys of its own, a
// registered confidential client (the relying party under test), PKCE
// required, and the accounts the test defines. Its login page is the shared
// login_page (loopback_site.mjs); provider_browser.mjs signs in through it.
//
//   const google = await start_open_id_provider({path: '/google', client, accounts: [ann]});
//   google.issuer                 // http://127.0.0.1:<port>/google
//   google.authorization_requests  // the query of every request to the authorization endpoint
//   google.token_requests          // every token request: {params (code_verifier...), error?}
//   await google.close();
//
// clients:  [{client_id, client_secret, redirect_uri}] (or one as `client`):
//           the registered relying parties, e.g. one per Twofold company
// accounts: [{sub, email?, email_verified?, name?, ...more claims}]; an
//           account signs in with its `sub` as the login.
import {generateKeyPair} from 'node:crypto';
import {randomBytes} from 'node:crypto';
import {promisify} from 'node:util';

import {createMemoryAdapter} from 'oidc-provider/lib/adapters/memory_adapter.js';

import {answer, body_text, login_page, loopback_site} from './loopback_site.mjs';
import {provider_browser} from './provider_browser.mjs';

// oidc-provider 9 names Node 22 as its runtime and says so on import. It runs
// on the project's Node 20 (sso_test_providers.test.mjs drives every flow the
// tests use), so that one notice is kept out of the test output.
async function import_provider() {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}

const Provider = await import_provider();

/**
 * A new private signing key as a JWK with its `kid`, `alg` and `use`:
 * RS256 (RSA 2048) or ES256 (P-256).
 */
export async function signing_key(alg, kid = `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`) {
  const {privateKey} = alg === 'ES256'
    ? await promisify(generateKeyPair)('ec', {namedCurve: 'P-256'})
    : await promisify(generateKeyPair)('rsa', {modulusLength: 2048});
  return {...privateKey.export({format: 'jwk'}), kid, alg, use: 'sig'};
}

// The public half of private JWKs, as a JWKS document publishes them.
export function public_keys(keys) {
  return {keys: keys.map(({d, p, q, dp, dq, qi, ...rest}) => rest)};
}

const lifetimes = {
  AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, DeviceCode: 600,
  BackchannelAuthenticationRequest: 600, Grant: 3600, IdToken: 600, Interaction: 600,
  PreAuthorizedCode: 600, RefreshToken: 3600, Session: 3600,
};

/**
 * One oidc-provider instance for `issuer`, not yet mounted anywhere.
 *   keys:           private JWKs (signing_key); the first one's alg signs ID tokens
 *   openid_claims:   claims the `openid` scope adds besides `sub` (e.g. ['tid'])
 *   log:            {authorization_requests, token_requests}: the arrays to record into
 * Returns {provider, handle(req, res) (for the issuer's path), authorization_requests, token_requests}.
 */
export function open_id_issuer({issuer, clients, accounts, keys, openid_claims = [], log = {}}) {
  const mount_path = new URL(issuer).pathname.replace(/\/$/, '');
  const {authorization_requests = [], token_requests = []} = log;
  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients: clients.map((client) => ({
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: [client.redirect_uri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: keys[0].alg,
      // client_secret_post is accepted as well (oidc-provider takes either).
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: {keys},
    pkce: {required: () => true},
    // The claims of the scopes asked for go into the ID token, as Google and
    // Microsoft put email and name there.
    conformIdTokenClaims: false,
    claims: {openid: ['sub', ...openid_claims], email: ['email', 'email_verified'], profile: ['name']},
    async findAccount(ctx, sub) {
      const account = accounts.find((candidate) => candidate.sub === sub);
      return account && {accountId: sub, claims: () => ({...account})};
    },
    features: {devInteractions: {enabled: false}},
    interactions: {url: (ctx, interaction) => `${mount_path}/interaction/${interaction.uid}`},
    cookies: {keys: [randomBytes(32).toString('base64url')]},
    ttl: Object.fromEntries(Object.entries(lifetimes).map(([name, seconds]) => [name, () => seconds])),
    renderError(ctx, out) {
      ctx.type = 'text/plain';
      ctx.body = `error: ${JSON.stringify(out)}`;
    },
  });
  provider.proxy = false;
  provider.on('grant.success', (ctx) => token_requests.push({params: {...ctx.oidc.params}, error: null}));
  provider.on('grant.error', (ctx, error) => token_requests.push({
    params: {...ctx.oidc.params}, error: error.error, description: error.error_description,
  }));
  const callback = provider.callback();

  // The login (and the consent that goes with it, in one step).
  async function interaction(req, res) {
    const {prompt, params, session} = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      return login_page(res, {action: req.originalUrl, title: `Sign in to ${issuer}`});
    }
    const form = new URLSearchParams(await body_text(req));
    if (form.get('abort')) {
      return provider.interactionFinished(req, res, {error: 'access_denied', error_description: 'the person cancelled'},
        {mergeWithLastSubmission: false});
    }
    const account_id = prompt.name === 'login' ? form.get('login') : session.accountId;
    if (!accounts.some((account) => account.sub === account_id)) {
      return answer(res, 400, 'text/plain', `no account ${account_id} at ${issuer}`);
    }
    const grant = new provider.Grant({accountId: account_id, clientId: params.client_id});
    grant.addOIDCScope(params.scope);
    const grant_id = await grant.save();
    return provider.interactionFinished(req, res, {login: {accountId: account_id}, consent: {grantId: grant_id}},
      {mergeWithLastSubmission: false});
  }

  function handle(req, res) {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/interaction/')) return interaction(req, res);
    if (req.method === 'GET' && url.pathname === '/auth') {
      authorization_requests.push(Object.fromEntries(url.searchParams));
    }
    return callback(req, res);
  }

  return {provider, handle, authorization_requests, token_requests};
}

/**
 * Signs in at a provider in a browser of its own: `login` fills the login
 * forms (or `abort` cancels) until the redirect to the clients' redirect_uri,
 * whose URL it resolves to, undelivered.
 */
export function sign_in_through(clients) {
  return async (authorization_url, {login, abort = false}) => {
    const browser = provider_browser();
    try {
      return await browser.sign_in(authorization_url, {login, abort, until: clients[0].redirect_uri});
    } finally {
      browser.close();
    }
  };
}

/**
 * A provider at `<origin><path>` on a loopback port of its own.
 *   algorithm: 'RS256' (default) or 'ES256'
 * Returns {issuer, origin, accounts, keys, authorization_requests, token_requests,
 * sign_in(authorization_url, {login, abort}) (see sign_in_through), close()}.
 */
export async function start_open_id_provider({path = '', client, clients = [client], accounts, algorithm = 'RS256'}) {
  const site = await loopback_site();
  const keys = [await signing_key(algorithm)];
  const issuer = `${site.origin}${path}`;
  const {handle, authorization_requests, token_requests} = open_id_issuer({issuer, clients, accounts, keys});
  site.mount(path, handle);
  return {
    issuer, origin: site.origin, accounts, keys, authorization_requests, token_requests,
    sign_in: sign_in_through(clients), close: site.close,
  };
}
