// Requests that may hash a password run on a pool of their own, one thread
// per CPU with a bounded queue: beyond it they are refused at once with 503
// and Retry-After, and while it is busy, /healthz, the web app's files and
// the rest of the API are answered without waiting behind its hashes.
import assert from 'node:assert/strict';
import {availableParallelism} from 'node:os';
import {randomBytes} from 'node:crypto';
import {test} from 'node:test';

import {client, sign_in_as, start_server} from '../support/server.mjs';
import {catalog_text} from '../support/two_factor.mjs';

// Each hash takes a good part of a second, so that the sign-ins below are
// still hashing when the other requests are sent.
const slow_hash_args = ['--argon2-memory-kib', '65536', '--argon2-iterations', '10'];
const hashing_threads = availableParallelism();

function metric(text, name) {
  const line = text.split('\n').find((each) => each.startsWith(`${name} `));
  assert.ok(line, `${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

test('beyond the queue, a sign-in is refused at once with 503 busy and Retry-After, in its language', async (t) => {
  const token = randomBytes(24).toString('hex');
  const server = await start_server({
    args: [...slow_hash_args, '--password-queue', '0'],
    env: {TWOFOLD_METRICS_TOKEN: token},
  });
  t.after(() => server.stop());
  const scrape = async () => (await client(server.url).get('/metrics', {headers: {authorization: `Bearer ${token}`}})).text;
  const refused_before = metric(await scrape(), 'twofold_password_hash_refused_total');

  // All sent at once, each on its own connection: no more than one per
  // hashing thread may be in the pool.
  const attempts = hashing_threads * 3 + 2;
  const answers = await Promise.all(Array.from({length: attempts}, () => {
    const browser = client(server.url);
    return sign_in_as(browser, server.demo, 'agent').finally(() => browser.close());
  }));
  // sign_in_as sends no Accept-Language; the refusal is then in English.
  const refused = answers.filter((answer) => answer.status === 503);
  const served = answers.filter((answer) => answer.status !== 503);
  assert.ok(refused.length >= attempts - hashing_threads * 2, `${refused.length} of ${attempts} refused`);
  assert.ok(served.length >= 1, 'the first ones are served');
  for (const answer of served) assert.equal(answer.status, 200, answer.text);
  for (const answer of refused) {
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(answer.json.error.code, 'busy');
    assert.equal(answer.json.error.message, catalog_text('en', 'error.busy'));
  }
  assert.equal(metric(await scrape(), 'twofold_password_hash_refused_total') - refused_before, refused.length);

  // Its language, when the request says which.
  const crowd = Array.from({length: attempts}, () => client(server.url));
  const chinese = await Promise.all(crowd.map((browser) => browser.post('/api/session', {
    json: {company: server.demo.company, account: server.demo.agent.account, password: server.demo.agent.password},
    headers: {'accept-language': 'zh-CN'},
  })));
  for (const browser of crowd) browser.close();
  const busy = chinese.find((answer) => answer.status === 503);
  assert.ok(busy, 'some are refused again');
  assert.equal(busy.json.error.message, catalog_text('zh-CN', 'error.busy'));

  // Once the pool has room again, sign-ins go through.
  const later = client(server.url);
  assert.equal((await sign_in_as(later, server.demo, 'agent')).status, 200);
  later.close();
});

test('while every hashing thread is busy, /healthz, a file and /api/me are answered before any sign-in ends', async (t) => {
  const token = randomBytes(24).toString('hex');
  const server = await start_server({args: slow_hash_args, env: {TWOFOLD_METRICS_TOKEN: token}});
  t.after(() => server.stop());
  const watcher = client(server.url);
  const queue_length = async () => metric(
    (await watcher.get('/metrics', {headers: {authorization: `Bearer ${token}`}})).text, 'twofold_password_hash_queue_length');
  const signed_in = client(server.url);
  assert.equal((await sign_in_as(signed_in, server.demo, 'admin')).status, 200);

  let ended = 0;
  const waiting = 2;
  const crowd = Array.from({length: hashing_threads + waiting}, () => client(server.url));
  const sign_ins = crowd.map((browser) => sign_in_as(browser, server.demo, 'agent').finally(() => {
    ended += 1;
  }));
  // Every hashing thread busy and more waiting: no sign-in can end before
  // two hashes' time.
  while (await queue_length() < waiting) assert.equal(ended, 0, 'the pool filled before any sign-in ended');
  const health = await client(server.url).get('/healthz');
  const file = await client(server.url).get('/');
  const me = await signed_in.get('/api/me');
  const ended_meanwhile = ended;

  assert.equal(health.status, 200);
  assert.equal(file.status, 200);
  assert.equal(me.status, 200, me.text);
  assert.equal(ended_meanwhile, 0, 'no sign-in had ended when the other answers came');
  for (const answer of await Promise.all(sign_ins)) assert.equal(answer.status, 200, answer.text);
  for (const browser of [...crowd, signed_in, watcher]) browser.close();
});
