// SMS codes, the third method: set up with a country and a number the core
// brings to E.164, a code by SMS, the backup codes; at sign-in a code by SMS
// with the same resend countdown, lockout and administrator's one-time code
// as email codes. By default each SMS is a file under <data-dir>/outbox/sms/;
// with --sms-transport http it goes to a gateway, here a loopback one that
// records what it was sent. The number shows masked everywhere but the setup.
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {test} from 'node:test';

import {six_digit_code} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {client, fresh_data_dir} from '../support/server.mjs';
import {sms_outbox, start_sms_gateway} from '../support/sms.mjs';
import {free_loopback_port} from '../support/smtp_sink.mjs';
import {
  assert_error, assert_locked_out, assert_signed_in_as, audit_events, backup_code_count, catalog_text,
  finish_second_step, listed_user_id, max_code_failures, pending_sign_in, server_for_test, sign_out,
  signed_in_client,
} from '../support/two_factor.mjs';

// A UK number in the range Ofcom keeps for drama (07700 900000-900999).
const typed = {country: 'GB', phone: '07700 900123'};
const e164 = '+447700900123';
const masked = '+44 ••• ••• 0123';

// Starts the SMS setup of the signed-in `browser` with `number` and
// confirms it with the code `next_sms()` reads. Resolves to the confirmation's json.
async function turn_on_sms(browser, next_sms, number = typed) {
  const started = await browser.post('/api/me/two-factor/sms', {json: number});
  assert.equal(started.status, 200, `sms setup: ${started.text}`);
  assert_documented(started, 'POST', '/api/me/two-factor/sms');
  assert.equal(started.json.phone_hint, masked);
  assert.equal(started.json.resend_in, 60);
  const sms = await next_sms();
  const confirmed = await browser.post('/api/me/two-factor/confirm', {json: {code: six_digit_code(sms.text)}});
  assert.equal(confirmed.status, 200, `sms confirmation: ${confirmed.text}`);
  assert.equal(confirmed.json.method, 'sms');
  assert.equal(confirmed.json.backup_codes.codes.length, backup_code_count);
  return {sms, confirmed: confirmed.json};
}

async function with_sms_on(server, role, next_sms) {
  const browser = await signed_in_client(server, role);
  const {confirmed} = await turn_on_sms(browser, next_sms);
  await sign_out(browser);
  browser.close();
  return confirmed.backup_codes.codes;
}

test('set up and sign in with SMS codes written to the outbox folder', async (t) => {
  const server = await server_for_test(t);
  const phone = sms_outbox(server);
  const browser = await signed_in_client(server, 'agent');

  const {sms} = await turn_on_sms(browser, () => phone.next({to: e164}));
  assert.ok(sms.text.includes(catalog_text('en', 'app.name')), sms.text);
  const status = await browser.get('/api/me/two-factor');
  assert.equal(status.json.method, 'sms');
  assert.equal(status.json.phone_hint, masked, 'Security settings show the number masked');
  assert_documented(status, 'GET', '/api/me/two-factor');
  assert.deepEqual((await audit_events(server, 'two_factor.enabled')).map((event) => event.detail),
    [{method: 'sms', phone: masked}]);
  await sign_out(browser);

  const {browser: signing_in, answer} = await pending_sign_in(server, 'agent');
  assert_documented(answer, 'POST', '/api/session');
  assert.equal(answer.json.second_step.method, 'sms');
  assert.equal(answer.json.second_step.phone_hint, masked);
  assert.ok(answer.json.second_step.resend_in > 0, answer.text);
  assert.deepEqual(answer.json.flow.methods, ['sms', 'backup_code']);
  const code = six_digit_code((await phone.next({to: e164})).text);
  const finished = await finish_second_step(signing_in, {code});
  assert.equal(finished.status, 200, finished.text);
  await assert_signed_in_as(signing_in, server, 'agent');

  // Neither the answers nor the database show the number in the clear.
  for (const event of await audit_events(server, 'second_step.code_sent')) assert.equal(event.detail.phone, masked);
  const stored = await server.rows(
    "SELECT count(*) AS n FROM two_factor WHERE method = 'sms' AND instr(CAST(sealed_phone AS TEXT), '7700900123') = 0");
  assert.deepEqual(stored, [{n: 1}], 'the number is sealed');
  assert.deepEqual(await server.rows("SELECT count(*) AS n FROM sms_outbox WHERE sent_at IS NOT NULL AND recipient = ''"),
    [{n: 2}], 'a sent SMS forgets its number and text');
  signing_in.close();
  browser.close();
});

test('a number the core refuses is a field error, and nothing is sent', async (t) => {
  const server = await server_for_test(t);
  const browser = await signed_in_client(server, 'agent');
  for (const [body, field, code] of [
    [{country: 'GB', phone: '07700 90012'}, 'phone', 'phone_too_short'],
    [{country: 'GB', phone: '0770O 900123'}, 'phone', 'invalid_phone'],
    [{country: 'ZZ', phone: '07700 900123'}, 'country', 'unknown_country'],
    [{phone: ''}, 'phone', 'required'],
  ]) {
    const answer = await browser.post('/api/me/two-factor/sms', {json: body});
    assert_error(answer, 400, 'validation_failed', JSON.stringify(body));
    assert.deepEqual(answer.json.error.fields.map((error) => [error.field, error.code]), [[field, code]], JSON.stringify(body));
    assert_documented(answer, 'POST', '/api/me/two-factor/sms');
  }
  assert_error(await browser.post('/api/me/two-factor/sms', {json: {country: 'GB', phone: 7700900123}}), 400, 'malformed_json');
  assert.deepEqual(await server.rows('SELECT count(*) AS n FROM sms_outbox'), [{n: 0}]);
  browser.close();
});

test('setup and sign-in through an HTTP gateway: a JSON body with the auth header', async (t) => {
  const gateway = await start_sms_gateway();
  t.after(() => gateway.stop());
  const server = await server_for_test(t, {
    args: gateway.args({content_type: 'json', body: '{"to":"{to}","text":"{text}","sender":"Twofold"}'}),
    env: {TWOFOLD_SMS_GATEWAY_AUTH: 'Bearer gateway-secret'},
  });
  await with_sms_on(server, 'agent', () => gateway.next({to: e164}));
  const {browser, answer} = await pending_sign_in(server, 'agent');
  assert.equal(answer.json.second_step.phone_hint, masked);
  const sms = await gateway.next({to: e164});
  assert.equal(sms.request.method, 'POST');
  assert.equal(sms.request.url, '/send');
  assert.equal(sms.request.headers.authorization, 'Bearer gateway-secret');
  assert.match(sms.request.headers['content-type'], /^application\/json/);
  assert.equal(JSON.parse(sms.request.body).sender, 'Twofold', 'the template\'s own fields stay');
  const finished = await finish_second_step(browser, {code: six_digit_code(sms.text)});
  assert.equal(finished.status, 200, finished.text);
  assert.equal(gateway.requests.length, 2, 'one request per message');
  browser.close();
});

test('a form gateway gets its fields form-encoded, with the auth in the header it names', async (t) => {
  const gateway = await start_sms_gateway();
  t.after(() => gateway.stop());
  const server = await server_for_test(t, {
    args: gateway.args({content_type: 'form', body: 'From=Twofold&to={to}&text={text}', auth_header: 'X-Api-Key'}),
    env: {TWOFOLD_SMS_GATEWAY_AUTH: 'k3y'},
  });
  const browser = await signed_in_client(server, 'admin');
  const {sms} = await turn_on_sms(browser, () => gateway.next({to: e164}));
  assert.equal(sms.request.headers['x-api-key'], 'k3y');
  assert.equal(sms.request.headers.authorization, undefined);
  assert.equal(sms.request.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.match(sms.request.body, /^From=Twofold&to=%2B447700900123&text=/, 'the + is encoded');
  browser.close();
});

test('a gateway outage (503, then down) loses no SMS: it is retried and delivered once it is back', async (t) => {
  const gateway = await start_sms_gateway();
  t.after(() => gateway.stop());
  gateway.answer_with(503);
  const data_dir = await fresh_data_dir();  // one database through three runs of the server
  t.after(() => rm(data_dir, {recursive: true, force: true}));
  // The same port each run: the same server, which frees at start what it
  // held in the outbox (mail/outbox_claimer.hpp).
  const options = {args: gateway.args(), data_dir, port: await free_loopback_port()};
  const first = await server_for_test(t, options);
  const browser = await signed_in_client(first, 'agent');
  const started = await browser.post('/api/me/two-factor/sms', {json: typed});
  assert.equal(started.status, 200, 'the setup answers at once: the SMS waits in the outbox');
  const failed = await first.wait_for_log((line) => line.event === 'sms.failed');
  assert.equal(failed.attempts, 1);
  assert.match(failed.error, /HTTP 503/);
  assert.ok(!JSON.stringify(failed).includes('7700900123'), 'the log names no number');
  assert.deepEqual(await first.rows('SELECT attempts, sent_at FROM sms_outbox'), [{attempts: 1, sent_at: null}]);
  assert.equal(await first.stop(), 0);

  // Down: nobody answers. A restart tries what waits at once.
  await gateway.stop();
  const second = await server_for_test(t, options);
  const unreachable = await second.wait_for_log((line) => line.event === 'sms.failed');
  assert.equal(unreachable.attempts, 2);
  assert.match(unreachable.error, /unreachable/);
  assert.equal(await second.stop(), 0);

  // Back: delivered, once.
  gateway.answer_with(200);
  await gateway.start();
  const third = await server_for_test(t, options);
  const sms = await gateway.next({to: e164});
  await third.wait_for_log((line) => line.event === 'sms.sent');
  assert.deepEqual(gateway.requests.map((request) => request.status), [503, 200]);
  const again = await signed_in_client({...third, demo: first.demo}, 'agent');
  const confirmed = await again.post('/api/me/two-factor/confirm', {json: {code: six_digit_code(sms.text)}});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.method, 'sms');
  again.close();
  browser.close();
});

test('a resend waits out the countdown, for the setup and at sign-in', async (t) => {
  const server = await server_for_test(t);
  const phone = sms_outbox(server);
  const browser = await signed_in_client(server, 'agent');
  assert_error(await browser.post('/api/me/two-factor/sms/resend'), 409, 'no_setup_in_progress');
  const started = await browser.post('/api/me/two-factor/sms', {json: typed});
  assert.equal(started.status, 200, started.text);
  const early = await browser.post('/api/me/two-factor/sms/resend');
  assert_error(early, 429, 'resend_too_soon', 'setup resend at once');
  assert.ok(early.json.error.seconds > 0 && early.json.error.seconds <= 60, early.text);
  assert_documented(early, 'POST', '/api/me/two-factor/sms/resend');
  assert_error(await browser.post('/api/me/two-factor/sms', {json: typed}), 429, 'resend_too_soon', 'a new start at once');
  const code = six_digit_code((await phone.next({to: e164})).text);
  assert.equal((await browser.post('/api/me/two-factor/confirm', {json: {code}})).status, 200);
  await sign_out(browser);

  const {browser: signing_in} = await pending_sign_in(server, 'agent');
  const resend = await signing_in.post('/api/session/second-step/resend');
  assert_error(resend, 429, 'resend_too_soon', 'sign-in resend at once');
  assert.equal(Number(resend.headers['retry-after']), resend.json.error.seconds);
  // The sign-in code leaves through the outbox, after the answer: wait for it
  // before counting (a slow build, e.g. ThreadSanitizer's, shows the gap).
  await phone.next({to: e164});
  assert.equal((await phone.all()).length, 2, 'only the setup code and the first sign-in code went out');
  signing_in.close();
  browser.close();
});

test('five wrong SMS codes lock the account, as with email codes', async (t) => {
  const server = await server_for_test(t);
  const phone = sms_outbox(server);
  await with_sms_on(server, 'agent', () => phone.next({to: e164}));
  const {browser} = await pending_sign_in(server, 'agent');
  const right = six_digit_code((await phone.next({to: e164})).text);
  const wrong = right === '000000' ? '000001' : '000000';
  for (let failure = 1; failure < max_code_failures; ++failure) {
    const answer = await finish_second_step(browser, {code: wrong});
    assert_error(answer, 401, 'code_rejected', `failure ${failure}`);
    assert.equal(answer.json.error.attempts_left, max_code_failures - failure);
  }
  assert_error(await finish_second_step(browser, {code: wrong}), 403, 'account_locked', 'failure 5');
  assert_locked_out(await finish_second_step(browser, {code: right}), 'the right code after the lock');
  const sent = (await phone.all()).length;
  const again = client(server.url);
  const {company} = server.demo;
  const {account, password} = server.demo.agent;
  assert_error(await again.post('/api/session', {json: {company, account, password}}), 401, 'sign_in_failed',
    'the right password of a locked account, answered as a wrong one');
  assert.equal((await phone.all()).length, sent, 'a locked account gets no new code');
  again.close();
  browser.close();
});

test('an administrator\'s one-time code signs an SMS user in', async (t) => {
  const server = await server_for_test(t);
  const phone = sms_outbox(server);
  await with_sms_on(server, 'agent', () => phone.next({to: e164}));
  const admin = await signed_in_client(server, 'admin');
  const listed = (await admin.get('/api/admin/users')).json.users.find((user) => user.username === server.demo.agent.account);
  assert.equal(listed.two_factor, 'sms');
  const created = await admin.post(`/api/admin/users/${await listed_user_id(admin, server.demo.agent.account)}/backup-code`);
  assert.equal(created.status, 200, created.text);
  const {browser} = await pending_sign_in(server, 'agent');
  const answer = await finish_second_step(browser, {backup_code: created.json.code});
  assert.equal(answer.status, 200, answer.text);
  await assert_signed_in_as(browser, server, 'agent');
  browser.close();
  admin.close();
});

test('a new number needs the password again, keeps the backup codes and is mailed', async (t) => {
  const server = await server_for_test(t, {args: ['--step-up-window', '0']});
  const phone = sms_outbox(server);
  const backup_codes = await with_sms_on(server, 'agent', () => phone.next({to: e164}));
  const {browser, answer: pending} = await pending_sign_in(server, 'agent');
  assert.equal(pending.json.second_step.phone_hint, masked);
  const signed_in = await finish_second_step(browser, {code: six_digit_code((await phone.next({to: e164})).text)});
  assert.equal(signed_in.status, 200, signed_in.text);
  const other = {country: 'FR', phone: '06 12 34 56 78'};
  assert_error(await browser.post('/api/me/two-factor/sms', {json: other}), 403, 'step_up_required');
  assert_error(await browser.post('/api/me/two-factor/sms', {json: {...other, password: 'wrong password'}}), 401,
    'password_rejected');
  const started = await browser.post('/api/me/two-factor/sms', {json: {...other, password: server.demo.agent.password}});
  assert.equal(started.status, 200, started.text);
  assert.equal(started.json.phone_hint, '+33 ••• •• 5678');
  const code = six_digit_code((await phone.next({to: '+33612345678'})).text);
  const changed = await browser.post('/api/me/two-factor/confirm', {json: {code}});
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual(changed.json, {method: 'sms', phone_hint: '+33 ••• •• 5678'});
  assert.equal((await browser.get('/api/me/two-factor')).json.phone_hint, '+33 ••• •• 5678');
  await sign_out(browser);

  const {browser: signing_in} = await pending_sign_in(server, 'agent');
  assert.equal((await phone.next({to: '+33612345678'})).to, '+33612345678', 'sign-in codes go to the new number');
  const answer = await finish_second_step(signing_in, {backup_code: backup_codes[0]});
  assert.equal(answer.status, 200, `the backup codes stay: ${answer.text}`);
  assert.deepEqual((await audit_events(server, 'two_factor.phone_changed')).map((event) => event.detail),
    [{phone: '+33 ••• •• 5678', previous_phone: masked}]);
  signing_in.close();
  browser.close();
});
