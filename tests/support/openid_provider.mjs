// Real OpenID providers for the SSO tests: oidc-provider (a certified
// OpenID Provider) on loopback, one per issuer, each with keys of its own, a
// registered confidential client (the relying party under test), PKCE
// required, and the accounts the test defines. Its login page is the shared
// loginPage (loopback_site.mjs); provider_browser.mjs signs in through it.
//
//   const google = await startOpenIdProvider({path: '/google', client, accounts: [ann]});
//   google.issuer                 // http://127.0.0.1:<port>/google
//   google.authorizationRequests  // the query of every request to the authorization endpoint
//   google.tokenRequests          // every token request: {params (code_verifier...), error?}
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

import {answer, bodyText, loginPage, loopbackSite} from './loopback_site.mjs';
import {providerBrowser} from './provider_browser.mjs';

// oidc-provider 9 names Node 22 as its runtime and says so on import. It runs
// on the project's Node 20 (sso_test_providers.test.mjs drives every flow the
// tests use), so that one notice is kept out of the test output.
async function importProvider() {
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

const Provider = await importProvider();

/**
 * A new private signing key as a JWK with its `kid`, `alg` and `use`:
 * RS256 (RSA 2048) or ES256 (P-256).
 */
export async function signingKey(alg, kid = `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`) {
  const {privateKey} = alg === 'ES256'
    ? await promisify(generateKeyPair)('ec', {namedCurve: 'P-256'})
    : await promisify(generateKeyPair)('rsa', {modulusLength: 2048});
  return {...privateKey.export({format: 'jwk'}), kid, alg, use: 'sig'};
}

// The public half of private JWKs, as a JWKS document publishes them.
export function publicKeys(keys) {
  return {keys: keys.map(({d, p, q, dp, dq, qi, ...rest}) => rest)};
}

const lifetimes = {
  AccessToken: 600, AuthorizationCode: 60, ClientCredentials: 600, DeviceCode: 600,
  BackchannelAuthenticationRequest: 600, Grant: 3600, IdToken: 600, Interaction: 600,
  PreAuthorizedCode: 600, RefreshToken: 3600, Session: 3600,
};

/**
 * One oidc-provider instance for `issuer`, not yet mounted anywhere.
 *   keys:           private JWKs (signingKey); the first one's alg signs ID tokens
 *   openidClaims:   claims the `openid` scope adds besides `sub` (e.g. ['tid'])
 *   log:            {authorizationRequests, tokenRequests}: the arrays to record into
 * Returns {provider, handle(req, res) (for the issuer's path), authorizationRequests, tokenRequests}.
 */
export function openIdIssuer({issuer, clients, accounts, keys, openidClaims = [], log = {}}) {
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');
  const {authorizationRequests = [], tokenRequests = []} = log;
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
    claims: {openid: ['sub', ...openidClaims], email: ['email', 'email_verified'], profile: ['name']},
    async findAccount(ctx, sub) {
      const account = accounts.find((candidate) => candidate.sub === sub);
      return account && {accountId: sub, claims: () => ({...account})};
    },
    features: {devInteractions: {enabled: false}},
    interactions: {url: (ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`},
    cookies: {keys: [randomBytes(32).toString('base64url')]},
    ttl: Object.fromEntries(Object.entries(lifetimes).map(([name, seconds]) => [name, () => seconds])),
    renderError(ctx, out) {
      ctx.type = 'text/plain';
      ctx.body = `error: ${JSON.stringify(out)}`;
    },
  });
  provider.proxy = false;
  provider.on('grant.success', (ctx) => tokenRequests.push({params: {...ctx.oidc.params}, error: null}));
  provider.on('grant.error', (ctx, error) => tokenRequests.push({
    params: {...ctx.oidc.params}, error: error.error, description: error.error_description,
  }));
  const callback = provider.callback();

  // The login (and the consent that goes with it, in one step).
  async function interaction(req, res) {
    const {prompt, params, session} = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      return loginPage(res, {action: req.originalUrl, title: `Sign in to ${issuer}`});
    }
    const form = new URLSearchParams(await bodyText(req));
    if (form.get('abort')) {
      return provider.interactionFinished(req, res, {error: 'access_denied', error_description: 'the person cancelled'},
        {mergeWithLastSubmission: false});
    }
    const accountId = prompt.name === 'login' ? form.get('login') : session.accountId;
    if (!accounts.some((account) => account.sub === accountId)) {
      return answer(res, 400, 'text/plain', `no account ${accountId} at ${issuer}`);
    }
    const grant = new provider.Grant({accountId, clientId: params.client_id});
    grant.addOIDCScope(params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, {login: {accountId}, consent: {grantId}},
      {mergeWithLastSubmission: false});
  }

  function handle(req, res) {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/interaction/')) return interaction(req, res);
    if (req.method === 'GET' && url.pathname === '/auth') authorizationRequests.push(Object.fromEntries(url.searchParams));
    return callback(req, res);
  }

  return {provider, handle, authorizationRequests, tokenRequests};
}

/**
 * Signs in at a provider in a browser of its own: `login` fills the login
 * forms (or `abort` cancels) until the redirect to the clients' redirect_uri,
 * whose URL it resolves to, undelivered.
 */
export function signInThrough(clients) {
  return async (authorizationUrl, {login, abort = false}) => {
    const browser = providerBrowser();
    try {
      return await browser.signIn(authorizationUrl, {login, abort, until: clients[0].redirect_uri});
    } finally {
      browser.close();
    }
  };
}

/**
 * A provider at `<origin><path>` on a loopback port of its own.
 *   algorithm: 'RS256' (default) or 'ES256'
 * Returns {issuer, origin, accounts, keys, authorizationRequests, tokenRequests,
 * signIn(authorizationUrl, {login, abort}) (see signInThrough), close()}.
 */
export async function startOpenIdProvider({path = '', client, clients = [client], accounts, algorithm = 'RS256'}) {
  const site = await loopbackSite();
  const keys = [await signingKey(algorithm)];
  const issuer = `${site.origin}${path}`;
  const {handle, authorizationRequests, tokenRequests} = openIdIssuer({issuer, clients, accounts, keys});
  site.mount(path, handle);
  return {
    issuer, origin: site.origin, accounts, keys, authorizationRequests, tokenRequests,
    signIn: signInThrough(clients), close: site.close,
  };
}
