// Watching a running server: /metrics in the Prometheus text format behind
// its bearer token, counters that move by exactly what the requests did (a
// lock included), the outbox's depth while mail cannot leave, and /readyz
// apart from /healthz while another process holds the database's write lock.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import {after, before, test} from 'node:test';

import {dead_port} from '../support/loopback_site.mjs';
import {client, until_ready} from '../support/server.mjs';
import {
  finish_second_step, lock_with_wrong_codes, max_code_failures, pending_sign_in, signed_in_client,
  start_two_factor_server, with_app_on, wrong_app_code,
} from '../support/two_factor.mjs';

const token = randomBytes(24).toString('hex');
const authorization = {authorization: `Bearer ${token}`};

let server;
before(async () => {
  // Mail goes to a port nothing listens on: it stays in the outbox.
  const smtp_port = await dead_port();
  server = await start_two_factor_server({
    args: ['--mail-transport', 'smtp', '--smtp-url', `smtp://127.0.0.1:${smtp_port}`],
    env: {TWOFOLD_METRICS_TOKEN: token},
  });
  await until_ready(server.url);
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

/**
 * Every sample of a scrape, checked against the text format on the way:
 * Map('name{labels}' -> number). Each family has one # HELP and # TYPE before
 * its samples; counters end in _total.
 */
function parse_exposition(text) {
  assert.ok(text.endsWith('\n'), 'the text ends with a line break');
  const samples = new Map();
  const typed = new Map();
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        assert.ok(!typed.has(comment[2]), `one # TYPE for ${comment[2]}`);
        assert.match(comment[3], /^(counter|gauge|histogram)$/);
        if (comment[3] === 'counter') assert.match(comment[2], /_total$/);
        typed.set(comment[2], comment[3]);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*\})? (\S+)$/.exec(line);
    assert.ok(sample, `a sample line: ${line}`);
    const histogram = sample[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(typed.has(sample[1]) || typed.get(histogram) === 'histogram', `# TYPE before ${line}`);
    const value = Number(sample[3].replace('+Inf', 'Infinity'));
    assert.ok(!Number.isNaN(value), line);
    samples.set(sample[1] + (sample[2] ?? ''), value);
  }
  return samples;
}

async function scrape(browser = client(server.url)) {
  const answer = await browser.get('/metrics', {headers: authorization});
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return {samples: parse_exposition(answer.text), text: answer.text};
}

// How much each series moved between two scrapes.
function moved(before_scrape, after_scrape, series) {
  assert.ok(after_scrape.samples.has(series), `${series} is in the scrape`);
  return after_scrape.samples.get(series) - (before_scrape.samples.get(series) ?? 0);
}

test('an anonymous scrape, or one with the wrong token, is refused with 401 and no metric', async () => {
  const anonymous = client(server.url);
  for (const headers of [{}, {authorization: `Bearer ${token}0`}, {authorization: `Basic ${token}`}, {authorization: 'Bearer '}]) {
    const answer = await anonymous.get('/metrics', {headers});
    assert.equal(answer.status, 401, JSON.stringify(headers));
    assert.equal(answer.headers['www-authenticate'], 'Bearer realm="twofold-metrics"');
    assert.equal(answer.json?.error?.code, 'metrics_token_required');
    assert.doesNotMatch(answer.text, /twofold_/);
  }
  anonymous.close();
});

test('sign-ins, codes and throttled requests move their counters by exactly what happened', async () => {
  const {totp} = await with_app_on(server, 'agent');
  const {company, admin} = server.demo;
  const start = await scrape();

  const wrong = client(server.url);
  const denied = await wrong.post('/api/session', {json: {company, account: admin.account, password: 'not the password'}});
  assert.equal(denied.status, 401, denied.text);
  (await signed_in_client(server, 'admin')).close();

  const {browser: agent} = await pending_sign_in(server, 'agent');
  const before_code = await scrape(agent);
  const rejected = await finish_second_step(agent, {code: await wrong_app_code(totp)});
  assert.equal(rejected.status, 401, rejected.text);
  // The same connection: the wrong code's answer was counted before this scrape was read.
  const after_code = await scrape(agent);

  // A made-up account, so that no real one is held back for the rest.
  const nobody = {company, account: `nobody-${randomBytes(4).toString('hex')}`, password: 'a guess'};
  let refusals = 0;
  let throttled;
  while (!throttled && refusals < 20) {
    const answer = await wrong.post('/api/session', {json: nobody});
    if (answer.status === 429) throttled = answer;
    else {
      assert.equal(answer.status, 401, answer.text);
      refusals += 1;
    }
  }
  assert.ok(throttled, 'the made-up account is throttled within 20 attempts');
  const end = await scrape();

  assert.equal(moved(start, end, 'twofold_sign_ins_total{outcome="denied"}'), 1 + refusals);
  assert.equal(moved(start, end, 'twofold_sign_ins_total{outcome="signed_in"}'), 1);
  assert.equal(moved(start, end, 'twofold_sign_ins_total{outcome="second_factor"}'), 1);
  assert.equal(moved(start, end, 'twofold_sign_ins_total{outcome="throttled"}'), 1);
  assert.equal(moved(start, end, 'twofold_throttled_requests_total{kind="sign_in"}'), 1);
  assert.equal(moved(start, end, 'twofold_throttled_requests_total{kind="forgot_password"}'), 0);
  assert.equal(moved(start, end, 'twofold_second_factor_codes_total{outcome="wrong"}'), 1);
  assert.equal(moved(start, end, 'twofold_second_factor_codes_total{outcome="right"}'), 0);
  assert.equal(moved(start, end, 'twofold_account_locks_total'), 0);
  assert.equal(moved(before_code, after_code, 'twofold_http_requests_total{route="api_two_factor",code="4xx"}'), 1);
  assert.equal(moved(before_code, after_code, 'twofold_http_requests_total{route="api_two_factor",code="2xx"}'), 0);
  assert.equal(moved(before_code, after_code, 'twofold_http_request_duration_seconds_count{route="api_two_factor"}'), 1);
  assert.ok(moved(start, end, 'twofold_password_hash_wait_seconds_count') >= 2 + refusals, 'each sign-in waited its turn on the hashing pool');
  assert.ok(end.samples.get('twofold_open_connections') >= 1, 'this scrape\'s own connection is open');

  // Counts and fixed labels only: nothing anybody typed.
  for (const typed of [company, admin.account, admin.email, nobody.account, server.demo.agent.account, '127.0.0.1']) {
    assert.ok(!end.text.includes(`"${typed}"`), `no label says ${typed}`);
  }
  for (const typed of [admin.email, nobody.account]) assert.ok(!end.text.includes(typed), `the scrape does not mention ${typed}`);
  for (const browser of [wrong, agent]) browser.close();
});

test('mail that cannot leave waits in the outbox: its depth and failed deliveries show', async () => {
  const before_forgot = await scrape();
  const {company, admin} = server.demo;
  const browser = client(server.url);
  const earlier = new Set(server.logs);
  const forgot = await browser.post('/api/password/forgot', {json: {company, account: admin.account}});
  assert.equal(forgot.status, 202, forgot.text);

  // The mail is queued off the request path; the sender then tries it and
  // fails: the refused connection is counted, and the message waits.
  await server.wait_for_log((line) => line.event === 'mail.failed' && !earlier.has(line));
  const failed = await scrape();
  assert.equal(moved(before_forgot, failed, 'twofold_outbox_messages{channel="mail"}'), 1);
  assert.equal(moved(before_forgot, failed, 'twofold_outbox_messages{channel="sms"}'), 0);
  assert.ok(failed.samples.get('twofold_outbox_oldest_age_seconds{channel="mail"}') >= 0);
  assert.ok(moved(before_forgot, failed, 'twofold_outbox_deliveries_total{channel="mail",result="failed"}') >= 1);
  assert.equal(failed.samples.get('twofold_outbox_deliveries_total{channel="mail",result="sent"}'), 0);
  browser.close();
});

// sqlite3 holding BEGIN IMMEDIATE: every sign-in writes, so the server is not ready.
async function hold_write_lock(database) {
  const shell = spawn('sqlite3', [database], {stdio: ['pipe', 'pipe', 'inherit']});
  const lines = readline.createInterface({input: shell.stdout});
  const said = (word) => new Promise((resolve, reject) => {
    const listen = (line) => {
      if (line.trim() !== word) return;
      lines.off('line', listen);
      resolve();
    };
    lines.on('line', listen);
    shell.once('exit', (code) => reject(new Error(`sqlite3 exited (${code}) before saying ${word}`)));
  });
  const locked = said('locked');
  shell.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await locked;
  return async function release() {
    const released = said('released');
    shell.stdin.write("ROLLBACK;\nSELECT 'released';\n");
    await released;
    shell.stdin.end();
    await new Promise((resolve) => shell.once('exit', resolve));
  };
}

test('/readyz answers 503 while the database cannot be written, /healthz still 200', async () => {
  const probe = client(server.url);
  const ready = await probe.get('/readyz');
  assert.equal(ready.status, 200, ready.text);
  assert.deepEqual(ready.json, {status: 'ready'});

  const release = await hold_write_lock(path.join(server.data_dir, 'twofold.db'));
  try {
    const locked = await probe.get('/readyz');
    assert.equal(locked.status, 503, locked.text);
    assert.deepEqual(locked.json, {status: 'not_ready', failing: ['database']});
    const alive = await probe.get('/healthz');
    assert.equal(alive.status, 200, 'the process itself answers');
  } finally {
    await release();
  }
  await server.wait_for_log((line) => line.event === 'health.not_ready' && /locked/.test(line.database ?? ''));
  assert.equal((await probe.get('/readyz')).status, 200, 'ready again once the lock is gone');
  const counted = await scrape();
  assert.ok(counted.samples.get('twofold_database_errors_total{kind="busy"}') >= 1, 'the refused lock is a database error');
  probe.close();
});

test('the wrong code that locks an account counts one lock', async () => {
  const {totp} = await with_app_on(server, 'admin');
  const {browser} = await pending_sign_in(server, 'admin');
  const before_lock = await scrape();

  await lock_with_wrong_codes(browser, totp);

  const locked = await scrape();
  assert.equal(moved(before_lock, locked, 'twofold_account_locks_total'), 1);
  assert.equal(moved(before_lock, locked, 'twofold_second_factor_codes_total{outcome="wrong"}'), max_code_failures - 1);
  assert.equal(moved(before_lock, locked, 'twofold_second_factor_codes_total{outcome="locked"}'), 1);
  browser.close();
});
