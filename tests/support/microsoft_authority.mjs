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
//   const microsoft = await start_microsoft_authority({clients, tenants: [
//     {tid: '...', domain: 'contoso.example', accounts: [adele]}, ...]});
//   microsoft.authority        // http://127.0.0.1:<port>
//   microsoft.issuer_of(tid)    // http://127.0.0.1:<port>/<tid>/v2.0
import {answer, answer_json, body_text, login_page, loopback_site, redirect} from './loopback_site.mjs';
import {open_id_issuer, public_keys, sign_in_through, signing_key} from './openid_provider.mjs';

const multi_tenant = ['common', 'organizations'];

export async function start_microsoft_authority({client, clients = [client], tenants}) {
  const site = await loopback_site();
  const authority = site.origin;
  const keys = [await signing_key('RS256')];
  const issuer_of = (tid) => `${authority}/${tid}/v2.0`;
  const authorization_requests = [];
  const token_requests = [];
  const code_tenant = new Map();  // authorization code -> tid
  const home_tenant = new Map();  // account sub -> tid

  for (const {tid, domain, accounts} of tenants) {
    const issuer = issuer_of(tid);
    const with_tid = accounts.map((account) => ({tid, ...account}));
    // One log for the whole authority, in the order things happened.
    const tenant = open_id_issuer({
      issuer, clients, accounts: with_tid, keys, openid_claims: ['tid'], log: {authorization_requests, token_requests},
    });
    tenant.provider.on('authorization_code.saved', (code) => code_tenant.set(code.jti, tid));
    for (const account of accounts) home_tenant.set(account.sub, tid);
    site.mount(`/${tid}/v2.0`, tenant.handle);
    // By domain name: the same tenant, its URLs (and issuer) by tid.
    if (domain) {
      site.mount(`/${domain}/v2.0`, (req, res) => {
        req.originalUrl = `/${tid}/v2.0${req.url === '/' ? '' : req.url}`;
        return tenant.handle(req, res);
      });
    }
  }

  for (const name of multi_tenant) {
    site.mount(`/${name}`, (req, res) => multi_tenant_route(name, req, res));
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

  async function multi_tenant_route(name, req, res) {
    const url = new URL(req.url, authority);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /v2.0/.well-known/openid-configuration') return answer_json(res, 200, discovery(name));
    if (route === 'GET /discovery/v2.0/keys') return answer_json(res, 200, public_keys(keys));
    // Home realm discovery: which account, hence which tenant.
    if (route === 'GET /oauth2/v2.0/authorize') {
      return login_page(res, {action: `/${name}/oauth2/v2.0/authorize`, fields: {query: url.search.slice(1)}});
    }
    if (route === 'POST /oauth2/v2.0/authorize') {
      const form = new URLSearchParams(await body_text(req));
      const query = new URLSearchParams(form.get('query'));
      if (form.get('abort')) {
        const refusal = new URLSearchParams({error: 'access_denied', state: query.get('state') ?? ''});
        return redirect(res, `${query.get('redirect_uri')}?${refusal}`);
      }
      const tid = home_tenant.get(form.get('login'));
      if (!tid) return answer(res, 400, 'text/plain', `no account ${form.get('login')} in any tenant`);
      return redirect(res, `${issuer_of(tid)}/auth?${query}`, 303);
    }
    if (route === 'POST /oauth2/v2.0/token') return exchange_at_tenant(req, res);
    return answer(res, 404, 'text/plain', `nothing at ${name}${url.pathname}`);
  }

  // The code names its tenant; the request goes on there unchanged.
  async function exchange_at_tenant(req, res) {
    const body = await body_text(req);
    const tid = code_tenant.get(new URLSearchParams(body).get('code'));
    if (!tid) return answer_json(res, 400, {error: 'invalid_grant', error_description: 'unknown code'});
    const headers = {'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded'};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const tenant_answer = await fetch(`${issuer_of(tid)}/token`, {method: 'POST', headers, body});
    return answer(res, tenant_answer.status, tenant_answer.headers.get('content-type') ?? 'application/json',
      Buffer.from(await tenant_answer.arrayBuffer()));
  }

  return {
    authority, issuer_of, tenants, keys, authorization_requests, token_requests, sign_in: sign_in_through(clients),
    close: site.close,
  };
}
