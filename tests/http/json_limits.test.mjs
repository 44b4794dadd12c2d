// JSON bodies nested too deeply or holding too many values are refused with
// 400 json_too_complex before the server builds them (runtime/bounded_json.hpp):
// a mebibyte of '[' no longer costs the server ~76 times its size, and a
// usual body is taken as before. The body limit is raised so these bodies
// reach the parser.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, start_server, until_ready} from '../support/server.mjs';

const one_mib = 1024 * 1024;
let server;
before(async () => {
  server = await start_server({args: [...fast_hash_args, '--max-body-bytes', String(4 * one_mib)]});
  // What the server loads after it listens (the user-agent rules) must not count as the bodies' memory.
  await until_ready(server.url);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

// The server's peak resident set in KiB (VmHWM, /proc/<pid>/status).
function peak_kib() {
  const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)[1]);
}

function assert_too_complex(answer, why) {
  assert.equal(answer.status, 400, `${why}: ${answer.text}`);
  assert.match(answer.headers['content-type'], /^application\/json/);
  assert.equal(answer.json.error.code, 'json_too_complex', why);
  assert.equal(answer.json.error.message_key, 'error.json_too_complex', why);
  assert.ok(answer.json.error.message.length > 0 && answer.json.error.message !== 'error.json_too_complex', why);
}

test('a mebibyte of nested brackets is 400 json_too_complex, and the server\'s peak memory barely moves', async () => {
  const browser = client(server.url);
  const before_kib = peak_kib();
  for (const body of ['['.repeat(one_mib), '['.repeat(one_mib / 2) + ']'.repeat(one_mib / 2)]) {
    assert_too_complex(await browser.post('/api/session', {body, headers: {'content-type': 'application/json'}}),
      `${body.length} bytes of brackets`);
  }
  // Built, these would take ~76 MiB (docs/PERFORMANCE.md); counted, nothing is built.
  const grown_kib = peak_kib() - before_kib;
  assert.ok(grown_kib < 16 * 1024, `the peak grew by ${grown_kib} KiB`);
  assert.equal((await browser.get('/healthz')).status, 200);
  browser.close();
});

test('many small values are 400 json_too_complex wherever a JSON body is taken', async () => {
  const browser = client(server.url);
  const zeros = `{"company":"Demo","account":"admin","password":"x","extra":[${Array(20_000).fill(0).join(',')}]}`;
  assert_too_complex(await browser.post('/api/session', {body: zeros, headers: {'content-type': 'application/json'}}), 'sign-in');
  assert_too_complex(await browser.post('/api/password/forgot', {body: zeros, headers: {'content-type': 'application/json'}}),
    'forgot password');
  const members = `{${Array.from({length: 20_000}, (_, i) => `"k${i}":{}`).join(',')}}`;
  assert_too_complex(await browser.post('/api/password/reset', {body: members, headers: {'content-type': 'application/json'}}),
    'reset');
  browser.close();
});

test('a usual body, and one with a long string, are taken as before', async () => {
  const browser = client(server.url);
  const {company, admin} = server.demo;
  const long = await browser.post('/api/session', {json: {company, account: admin.account, password: 'x'.repeat(one_mib)}});
  assert.equal(long.status, 400, long.text);
  assert.equal(long.json.error.code, 'validation_failed', 'a password too long, not a refused body');
  const signed_in = await browser.post('/api/session', {json: {company, account: admin.account, password: admin.password}});
  assert.equal(signed_in.status, 200, signed_in.text);
  browser.close();
});
