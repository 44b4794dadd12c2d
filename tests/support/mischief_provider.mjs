// The "mischief" provider: a small OpenID provider of our own for the
// attacks and breakdowns a certified provider will not commit. It speaks the
// protocol correctly by default (discovery, JWKS, an authorization endpoint
// that signs the account in at once, a token endpoint that checks the client,
// the code, the redirect_uri and the PKCE verifier), and each sign-in can ask
// for a crafted ID token; each route can be made to answer anything.
//
//   const mischief = await start_mischief_provider({client, accounts: [mallory]});
//   const callback = await mischief.sign_in(start.json.redirect, {
//     login: 'mallory', claims: {aud: 'someone-else'}});     // the token to come
//   mischief.answer_with('jwks', {body: 'not json'});           // every JWKS fetch from now on
//   mischief.answer_honestly('jwks');
//
// Crafting the ID token of a sign-in:
//   claims:  merged over the honest claims (iss, sub, aud, exp, iat, nonce,
//            email, email_verified, name and the account's own); a value of
//            undefined removes the claim
//   header:  merged over {alg, kid, typ: 'JWT'}
//   signing: 'RS256' (the default) | 'ES256' (the published keys)
//            'PS256' (the published RSA key, an algorithm Twofold refuses)
//            'none' (alg none, no signature) | 'HS256' (keyed with the client secret)
//            'stranger' (RS256 with a key not in the JWKS) | 'corrupted' (RS256, signature bytes altered)
import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';

import {CompactSign, importJWK} from 'jose';

import {answer, answer_json, body_text, loopback_site, redirect} from './loopback_site.mjs';
import {public_keys, signing_key} from './openid_provider.mjs';

const routes = {
  discovery: 'GET /.well-known/openid-configuration',
  jwks: 'GET /jwks',
  authorize: 'GET /authorize',
  token: 'POST /token',
};

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Starts it at `<origin><path>` (the issuer).
 *   client:   {client_id, client_secret, redirect_uri} (the registered client)
 *   accounts: [{sub, email?, email_verified?, name?, ...claims}]
 * Returns {issuer, origin, sign_in, answer_with, discovery (editable document
 * fields), answer_honestly, keys (the private JWKs), requests [{route, at}], tokens
 * [the ID tokens issued], close}.
 */
export async function start_mischief_provider({path = '', client, accounts}) {
  const site = await loopback_site();
  const issuer = `${site.origin}${path}`;
  const keys = {
    RS256: await signing_key('RS256'), ES256: await signing_key('ES256'), stranger: await signing_key('RS256', 'stranger'),
  };
  const pending = new Map();  // state -> the sign-in's options, until the authorization request comes
  const codes = new Map();    // code -> {query, account, options, used}
  const canned = new Map();   // route -> {status, type, body}
  const requests = [];
  const tokens = [];
  const discovery = {};       // changes to the honest document

  function honest_discovery() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name'],
      ...discovery,
    };
  }

  async function id_token({query, account, options}) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer, aud: client.client_id, exp: now + 600, iat: now, nonce: query.nonce, ...account,
      ...options.claims,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return sign(claims, options.signing ?? 'RS256', options.header ?? {});
  }

  async function sign(claims, signing, header_changes) {
    const key = {
      RS256: keys.RS256, PS256: keys.RS256, ES256: keys.ES256, stranger: keys.stranger, corrupted: keys.RS256,
    }[signing];
    const alg = {stranger: 'RS256', corrupted: 'RS256', none: 'none', HS256: 'HS256'}[signing] ?? signing;
    const header = {alg, typ: 'JWT', ...(key ? {kid: key.kid} : {}), ...header_changes};
    const payload = Buffer.from(JSON.stringify(claims));
    if (signing === 'none') return `${encode(header)}.${payload.toString('base64url')}.`;
    const secret = signing === 'HS256' ? new TextEncoder().encode(client.client_secret) : await importJWK(key, alg);
    const jws = await new CompactSign(payload).setProtectedHeader(header).sign(secret);
    if (signing !== 'corrupted') return jws;
    const [head, body, signature] = jws.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[bytes.length >> 1] ^= 0x01;
    return `${head}.${body}.${bytes.toString('base64url')}`;
  }

  function authorize(url, res) {
    const query = Object.fromEntries(url.searchParams);
    const options = pending.get(query.state);
    if (!options || query.redirect_uri !== client.redirect_uri || query.client_id !== client.client_id) {
      return answer(res, 400, 'text/plain', `no sign-in waits for this request: ${url.search}`);
    }
    pending.delete(query.state);
    const back = new URL(client.redirect_uri);
    if (options.error) {
      back.search = new URLSearchParams({error: options.error, state: query.state}).toString();
      return redirect(res, back.href);
    }
    const account = accounts.find((candidate) => candidate.sub === options.login);
    assert.ok(account, `no account ${options.login} at the mischief provider`);
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {query, account, options, used: false});
    back.search = new URLSearchParams({code, state: query.state}).toString();
    return redirect(res, back.href);
  }

  // RFC 6749 §4.1.3 and RFC 7636 §4.6, and the client authenticated (§2.3.1).
  async function token(req, res) {
    const form = new URLSearchParams(await body_text(req));
    const refuse = (error, description, status = 400) => (
      answer_json(res, status, {error, error_description: description}));
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [id, secret] = basic
      ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== client.client_id || secret !== client.client_secret) {
      return refuse('invalid_client', 'client authentication failed', 401);
    }
    const grant = codes.get(form.get('code'));
    if (form.get('grant_type') !== 'authorization_code' || !grant || grant.used) {
      return refuse('invalid_grant', 'unknown or used code');
    }
    grant.used = true;
    if (form.get('redirect_uri') !== grant.query.redirect_uri) return refuse('invalid_grant', 'redirect_uri differs');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (grant.query.code_challenge_method !== 'S256' || challenge !== grant.query.code_challenge) {
      return refuse('invalid_grant', 'PKCE verification failed');
    }
    const id_token_value = await id_token(grant);
    tokens.push(id_token_value);
    return answer_json(res, 200, {
      access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 600,
      scope: grant.query.scope, id_token: id_token_value,
    });
  }

  site.mount(path, async (req, res) => {
    const url = new URL(req.url, issuer);
    const route = Object.keys(routes).find((name) => routes[name] === `${req.method} ${url.pathname}`);
    if (!route) return answer(res, 404, 'text/plain', `nothing at ${req.method} ${url.pathname}`);
    requests.push({route, at: Date.now()});
    const canned_answer = canned.get(route);
    if (canned_answer) {
      if (req.method === 'POST') await body_text(req);
      return answer(res, canned_answer.status ?? 200, canned_answer.type ?? 'application/json', canned_answer.body);
    }
    if (route === 'discovery') return answer_json(res, 200, honest_discovery());
    if (route === 'jwks') return answer_json(res, 200, public_keys([keys.RS256, keys.ES256]));
    if (route === 'authorize') return authorize(url, res);
    return token(req, res);
  });

  return {
    issuer,
    origin: site.origin,
    discovery,
    requests,
    tokens,
    /**
     * Lets the browser go to `authorization_url` (built by Twofold) and
     * come back at once with a code for `login` (or with `error`, or
     * access_denied when `abort`), the ID token crafted as the options say. Resolves to the callback URL,
     * undelivered (the provider's own authorization endpoint and query,
     * not a copy made up here).
     */
    async sign_in(authorization_url, {
      login, abort = false, error = abort ? 'access_denied' : undefined, claims, header, signing,
    } = {}) {
      const url = new URL(authorization_url);
      assert.equal(`${url.origin}${url.pathname}`, honest_discovery().authorization_endpoint,
        'Twofold sends the browser here');
      pending.set(url.searchParams.get('state'), {login, error, claims, header, signing});
      const visit = await fetch(url, {redirect: 'manual'});
      assert.equal(visit.status, 302, await visit.text());
      return new URL(visit.headers.get('location'));
    },
    // From now on `route` ('discovery', 'jwks', 'token') answers `body`.
    answer_with(route, {status = 200, type = 'application/json', body}) {
      assert.ok(routes[route], `a route: ${route}`);
      canned.set(route, {status, type, body});
    },
    // ... and honestly again.
    answer_honestly(route) {
      canned.delete(route);
    },
    get keys() {
      return keys;
    },
    close: site.close,
  };
}
