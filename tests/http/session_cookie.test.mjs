// The session cookie's name and flags over plain HTTP and over TLS, and the
// TLS listener itself (certificate from files, TLS 1.2 or newer, HSTS).
import assert from 'node:assert/strict';
import https from 'node:https';
import {after, before, describe, test} from 'node:test';

import {client, fast_hash_args, self_signed_certificate, sign_in_as, start_server} from '../support/server.mjs';

const token_pattern = /^[A-Za-z0-9_-]{43}$/;

describe('over plain HTTP', () => {
  let server;
  before(async () => {
    server = await start_server({args: fast_hash_args});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('the cookie is twofold_session: HttpOnly, SameSite=Strict, Path=/, not Secure', async () => {
    const browser = client(server.url);
    const answer = await sign_in_as(browser, server.demo, 'agent');
    assert.equal(answer.status, 200, answer.text);
    // And the device cookie (tests/http/security_center_sessions.test.mjs).
    assert.deepEqual(answer.set_cookies.map(({name}) => name).sort(), ['twofold_device', 'twofold_session']);
    const cookie = answer.set_cookies.find(({name}) => name === 'twofold_session');
    assert.match(cookie.value, token_pattern);
    assert.equal(cookie.attributes.httponly, true);
    assert.equal(cookie.attributes.samesite, 'Strict');
    assert.equal(cookie.attributes.path, '/');
    assert.equal(cookie.attributes.secure, undefined);
    assert.equal(cookie.attributes.domain, undefined);
    assert.equal(answer.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    browser.close();
  });
});

describe('over TLS', () => {
  let certificate;
  let server;
  before(async () => {
    certificate = await self_signed_certificate();
    server = await start_server({args: fast_hash_args, tls: certificate});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
    await certificate.remove();
  });

  test('the cookie is __Host-twofold_session with Secure, and /api/me works with it', async () => {
    assert.match(server.url, /^https:/);
    const browser = client(server.url, {ca: certificate.pem});
    const answer = await sign_in_as(browser, server.demo, 'admin');
    assert.equal(answer.status, 200, answer.text);
    const [cookie] = answer.set_cookies;
    assert.equal(cookie.name, '__Host-twofold_session');
    assert.match(cookie.value, token_pattern);
    assert.equal(cookie.attributes.secure, true);
    assert.equal(cookie.attributes.httponly, true);
    assert.equal(cookie.attributes.samesite, 'Strict');
    assert.equal(cookie.attributes.path, '/');
    assert.equal(cookie.attributes.domain, undefined, '__Host- cookies have no Domain');

    const me = await browser.get('/api/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.role, 'admin');
    browser.close();
  });

  test('every answer carries HSTS', async () => {
    const browser = client(server.url, {ca: certificate.pem});
    for (const target of ['/', '/healthz', '/api/me', '/api/nothing-here']) {
      const answer = await browser.get(target);
      assert.match(answer.headers['strict-transport-security'] ?? '', /max-age=\d{7,}/, target);
    }
    browser.close();
  });

  function handshake(options) {
    return new Promise((resolve) => {
      const request = https.get(`${server.url}/healthz`, {ca: certificate.pem, agent: false, ...options}, (answer) => {
        answer.resume();
        answer.on('end', () => resolve({status: answer.statusCode, protocol: answer.socket.getProtocol?.()}));
      });
      request.on('error', (error) => resolve({error}));
    });
  }

  test('TLS 1.2 and 1.3 are accepted', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3']) {
      const result = await handshake({minVersion: version, maxVersion: version});
      assert.equal(result.status, 200, `${version}: ${result.error?.message}`);
    }
  });

  test('TLS 1.1 is refused by the server', async () => {
    // The client is allowed to offer TLS 1.1 (security level 0 lifts
    // OpenSSL's own ban), so a failure is the server's protocol_version alert.
    const result = await handshake({minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0'});
    assert.ok(result.error, 'the handshake must fail');
    assert.match(result.error.message, /alert protocol version/);
  });

  test('a client that does not trust the certificate cannot connect', async () => {
    const result = await handshake({ca: undefined});
    assert.equal(result.error?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
