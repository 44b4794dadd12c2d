// A Microsoft-Entra-like authority on loopback, shaped like
// https://login.microsoftonline.com:
//
//   <authority>/<tid>/v2.0/...            one real OpenID provider per tenant
//                                         (openid_provider.mjs), issuer
//                                         <authority>/<tid>/v2.0, ID tokens
//                                         with the `tid` claim
//   <authority>/<domain>/v2.0/...         the same tenant by its domain name
//   <authority>/common/v2.0/.well-known/openid-configuration
//   <authority>/organizations/v2.0/...    the multi-tenant documents: issuer
//                                         <authority>/{tenantid}/v2.0 and the
//                                         endpoints below
//   <authority>/common/oauth2/v2.0/authorize
//                                         asks for the account first, then
//                                         sends the browser on to its home
//                                         tenant's authorization endpoint
//   <authority>/common/oauth2/v2.0/token  exchanges a code at the tenant that
//                                         issued it
//   <authority>/common/discovery/v2.0/keys  the keys, shared by all tenants
//
// as Microsoft's common endpoint behaves: one signing key set for every
// tenant, tokens issued by the account's own tenant.
//
//   const microsoft = await startMicrosoftAuthority({clients, tenants: [
//     {tid: '...', domain: 'contoso.example', accounts: [adele]}, ...]});
//   microsoft.authority        // http://127.0.0.1:<port>
//   microsoft.issuerOf(tid)    // http://127.0.0.1:<port>/<tid>/v2.0
import {answer, answerJson, bodyText, loginPage, loopbackSite, redirect} from './loopback_site.mjs';
import {openIdIssuer, publicKeys, signInThrough, signingKey} from './openid_provider.mjs';

const multiTenant = ['common', 'organizations'];

export async function startMicrosoftAuthority({client, clients = [client], tenants}) {
  const site = await loopbackSite();
  const authority = site.origin;
  const keys = [await signingKey('RS256')];
  const issuerOf = (tid) => `${authority}/${tid}/v2.0`;
  const authorizationRequests = [];
  const tokenRequests = [];
  const codeTenant = new Map();  // authorization code -> tid
  const homeTenant = new Map();  // account sub -> tid

  for (const {tid, domain, accounts} of tenants) {
    const issuer = issuerOf(tid);
    const withTid = accounts.map((account) => ({tid, ...account}));
    // One log for the whole authority, in the order things happened.
    const tenant = openIdIssuer({
      issuer, clients, accounts: withTid, keys, openidClaims: ['tid'], log: {authorizationRequests, tokenRequests},
    });
    tenant.provider.on('authorization_code.saved', (code) => codeTenant.set(code.jti, tid));
    for (const account of accounts) homeTenant.set(account.sub, tid);
    site.mount(`/${tid}/v2.0`, tenant.handle);
    // By domain name: the same tenant, its URLs (and issuer) by tid.
    if (domain) {
      site.mount(`/${domain}/v2.0`, (req, res) => {
        req.originalUrl = `/${tid}/v2.0${req.url === '/' ? '' : req.url}`;
        return tenant.handle(req, res);
      });
    }
  }

  for (const name of multiTenant) {
    site.mount(`/${name}`, (req, res) => multiTenantRoute(name, req, res));
  }

  function discovery(name) {
    const base = `${authority}/${name}`;
    return {
      issuer: `${authority}/{tenantid}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'email', 'tid'],
      tenant_region_scope: null,
    };
  }

  async function multiTenantRoute(name, req, res) {
    const url = new URL(req.url, authority);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /v2.0/.well-known/openid-configuration') return answerJson(res, 200, discovery(name));
    if (route === 'GET /discovery/v2.0/keys') return answerJson(res, 200, publicKeys(keys));
    // Home realm discovery: which account, hence which tenant.
    if (route === 'GET /oauth2/v2.0/authorize') {
      return loginPage(res, {action: `/${name}/oauth2/v2.0/authorize`, fields: {query: url.search.slice(1)}});
    }
    if (route === 'POST /oauth2/v2.0/authorize') {
      const form = new URLSearchParams(await bodyText(req));
      const query = new URLSearchParams(form.get('query'));
      if (form.get('abort')) {
        return redirect(res, `${query.get('redirect_uri')}?${new URLSearchParams({error: 'access_denied', state: query.get('state') ?? ''})}`);
      }
      const tid = homeTenant.get(form.get('login'));
      if (!tid) return answer(res, 400, 'text/plain', `no account ${form.get('login')} in any tenant`);
      return redirect(res, `${issuerOf(tid)}/auth?${query}`, 303);
    }
    if (route === 'POST /oauth2/v2.0/token') return exchangeAtTenant(req, res);
    return answer(res, 404, 'text/plain', `nothing at ${name}${url.pathname}`);
  }

  // The code names its tenant; the request goes on there unchanged.
  async function exchangeAtTenant(req, res) {
    const body = await bodyText(req);
    const tid = codeTenant.get(new URLSearchParams(body).get('code'));
    if (!tid) return answerJson(res, 400, {error: 'invalid_grant', error_description: 'unknown code'});
    const headers = {'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded'};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const tenantAnswer = await fetch(`${issuerOf(tid)}/token`, {method: 'POST', headers, body});
    return answer(res, tenantAnswer.status, tenantAnswer.headers.get('content-type') ?? 'application/json',
      Buffer.from(await tenantAnswer.arrayBuffer()));
  }

  return {
    authority, issuerOf, tenants, keys, authorizationRequests, tokenRequests, signIn: signInThrough(clients),
    close: site.close,
  };
}
