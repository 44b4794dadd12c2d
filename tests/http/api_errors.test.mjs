// The API's error answers that are not about signing in: 413, 404, 405, and
// the health check. Every one is JSON in the shared error shape.
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, start_server} from '../support/server.mjs';

// config.hpp's default --max-body-bytes.
const default_body_limit = 16 * 1024;

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function assert_error_shape(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers['content-type'], /^application\/json/);
  const {error} = answer.json;
  assert.equal(error.code, code);
  assert.equal(error.message_key, `error.${code}`);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0 && error.message !== error.message_key, 'a translated message');
  assert.equal(error.fields, undefined);
}

async function still_serving() {
  const browser = client(server.url);
  assert.equal((await browser.get('/healthz')).status, 200);
  browser.close();
}

test('a body over the limit is 413 body_too_large and the connection ends', async () => {
  const browser = client(server.url);
  const json = {company: 'Demo', account: 'admin', password: 'x'.repeat(4 * default_body_limit)};
  const answer = await browser.post('/api/session', {json});
  assert_error_shape(answer, 413, 'body_too_large');
  assert.equal(answer.headers.connection, 'close');
  assert.match(answer.headers['content-security-policy'], /frame-ancestors 'none'/);
  browser.close();
  await still_serving();
});

test('a chunked body that grows over the limit is 413 too', async () => {
  const answer = await new Promise((resolve, reject) => {
    const request = http.request(`${server.url}/api/session`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'x-requested-with': 'twofold'},
    }, (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk) => { text += chunk; });
      incoming.on('end', () => resolve({status: incoming.statusCode, headers: incoming.headers, text, json: JSON.parse(text)}));
    });
    request.on('error', reject);
    // No Content-Length: node sends the body chunked.
    for (let i = 0; i < 8; i++) request.write('x'.repeat(default_body_limit / 2));
    request.end();
  });
  assert_error_shape(answer, 413, 'body_too_large');
  await still_serving();
});

test('a body just under the limit is read and judged on its content', async () => {
  const browser = client(server.url);
  const filler = 'x'.repeat(default_body_limit - 200);
  const answer = await browser.post('/api/session', {json: {company: 'Demo', account: 'admin', password: 'wrong', filler}});
  assert.equal(answer.status, 401, answer.text);
  browser.close();
});

test('an unknown /api route is 404 not_found in JSON', async () => {
  const browser = client(server.url);
  for (const target of ['/api/nothing-here', '/api', '/api/', '/api/session/extra', '/api/me/', '/api/nothing-here?x=1']) {
    const answer = await browser.get(target);
    assert_error_shape(answer, 404, 'not_found');
  }
  assert_error_shape(await browser.post('/api/nothing-here', {json: {}}), 404, 'not_found');
  browser.close();
});

test('a known route with the wrong method is 405 method_not_allowed with Allow', async () => {
  const browser = client(server.url);
  const me_by_post = await browser.post('/api/me', {json: {}});
  assert_error_shape(me_by_post, 405, 'method_not_allowed');
  assert.match(me_by_post.headers.allow, /\bGET\b/);

  const session_by_get = await browser.get('/api/session');
  assert_error_shape(session_by_get, 405, 'method_not_allowed');
  assert.deepEqual(session_by_get.headers.allow.split(/,\s*/).sort(), ['DELETE', 'POST']);

  assert_error_shape(await browser.request('/api/session', {method: 'PUT', json: {}}), 405, 'method_not_allowed');
  browser.close();
});

test('GET /healthz is 200 {"status":"ok"}', async () => {
  const browser = client(server.url);
  const answer = await browser.get('/healthz');
  assert.equal(answer.status, 200);
  assert.match(answer.headers['content-type'], /^application\/json/);
  assert.deepEqual(answer.json, {status: 'ok'});
  browser.close();
});
