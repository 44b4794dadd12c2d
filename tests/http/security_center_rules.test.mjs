// The company's rules for asking the second factor (Admin console >
// Security): every sign-in, a new device, a new location, any combination
// but none. A device is new when the browser sends no device cookie the
// account knows; a location is new when the client address is somewhere
// the account never signed in from (127.0.0.2 is Tokyo, 127.0.0.3 an
// unlocated network, the account's history is in Berlin, 127.0.0.1).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {addresses_in, outbox_of} from '../support/mail.mjs';
import {assert_documented} from '../support/openapi_schema.mjs';
import {add_other_company, add_person} from '../support/people.mjs';
import {
  berlin, browser_at, demo_person, located_server_for_test, set_rules, submit_password, tokyo, unlocated,
} from '../support/security_center.mjs';
import {
  assert_error, audit_events, catalog_text, finish_second_step, signed_in_client, turn_on_app,
} from '../support/two_factor.mjs';

/**
 * The agent turns the app on from a browser in Berlin and signs out: that
 * browser and Berlin are known to the account. Resolves to {home (that
 * browser), totp, agent}.
 */
async function agent_with_app_in_berlin(server) {
  const agent = demo_person(server, 'agent');
  const home = browser_at(server, {place: berlin});
  const signed_in = await submit_password(home, agent);
  assert.equal(signed_in.status, 200, signed_in.text);
  const {totp} = await turn_on_app(home);
  assert.equal((await home.delete('/api/session')).status, 204);
  return {home, totp, agent};
}

// Whether the password step of `browser` asked for the code (202) or signed in (200).
async function asks_code(browser, agent) {
  const answer = await submit_password(browser, agent);
  assert.ok(answer.status === 200 || answer.status === 202, answer.text);
  assert_documented(answer, 'POST', '/api/session');
  if (answer.status === 200) assert.equal((await browser.delete('/api/session')).status, 204);
  return answer.status === 202;
}

// [rules, {known device, known place; new device, known place; known device, new place; both new}]
const combinations = [
  [{every_sign_in: true, new_device: false, new_location: false}, [true, true, true, true]],
  [{every_sign_in: false, new_device: true, new_location: false}, [false, true, false, true]],
  [{every_sign_in: false, new_device: false, new_location: true}, [false, false, true, true]],
  [{every_sign_in: false, new_device: true, new_location: true}, [false, true, true, true]],
  [{every_sign_in: true, new_device: true, new_location: false}, [true, true, true, true]],
  [{every_sign_in: true, new_device: false, new_location: true}, [true, true, true, true]],
  [{every_sign_in: true, new_device: true, new_location: true}, [true, true, true, true]],
];

for (const [rules, [known_known, new_device, new_place, both_new]] of combinations) {
  const name = Object.entries(rules).filter(([, on]) => on).map(([rule]) => rule).join(' + ');
  test(`${name}: the code is asked exactly when the rules say`, async (t) => {
    const server = await located_server_for_test(t);
    const {home, agent} = await agent_with_app_in_berlin(server);
    await set_rules(server, rules);

    // The known place is probed before a sign-in makes a new one known.
    assert.equal(await asks_code(home, agent), known_known, 'the known browser in Berlin');
    const stranger = browser_at(server, {place: berlin});
    assert.equal(await asks_code(stranger, agent), new_device, 'a browser without a device cookie in Berlin');
    const travelling = browser_at(server, {place: tokyo, device_of: home});
    assert.equal(await asks_code(travelling, agent), new_place, 'the known browser in Tokyo');
    const elsewhere = browser_at(server, {place: unlocated});
    assert.equal(await asks_code(elsewhere, agent), both_new, 'a new browser in an unlocated network');
    for (const browser of [home, stranger, travelling, elsewhere]) browser.close();
  });
}

test('with only new-device and new-location rules, a known browser from a known place needs no code, again and again',
  async (t) => {
    const server = await located_server_for_test(t);
    const {home, agent, totp} = await agent_with_app_in_berlin(server);
    await set_rules(server, {every_sign_in: false, new_device: true, new_location: true});

    // A new browser in Tokyo gives its code once; then both are known.
    const travelling = browser_at(server, {place: tokyo});
    const pending = await submit_password(travelling, agent);
    assert.equal(pending.status, 202, pending.text);
    const done = await finish_second_step(travelling, {code: await totp.next()});
    assert.equal(done.status, 200, done.text);
    assert.equal((await travelling.delete('/api/session')).status, 204);
    for (let round = 0; round < 2; ++round) {
      assert.equal(await asks_code(travelling, agent), false, `the browser now known in Tokyo, round ${round}`);
      assert.equal(await asks_code(home, agent), false, `the home browser in Berlin, round ${round}`);
    }
    // The Tokyo browser in Berlin: both known, just never together.
    const mixed = browser_at(server, {place: berlin, device_of: travelling});
    assert.equal(await asks_code(mixed, agent), false, 'a known browser in another known place');
    for (const browser of [home, travelling, mixed]) browser.close();
  });

test('a person without 2FA is never asked, whatever the rules', async (t) => {
  const server = await located_server_for_test(t);
  await set_rules(server, {every_sign_in: true, new_device: true, new_location: true});
  const newcomer = browser_at(server, {place: tokyo});
  const answer = await submit_password(newcomer, demo_person(server, 'agent'));
  assert.equal(answer.status, 200, answer.text);
  newcomer.close();
});

test('a trusted browser skips every-sign-in, never a new location', async (t) => {
  const server = await located_server_for_test(t);
  const {home, agent, totp} = await agent_with_app_in_berlin(server);
  await set_rules(server, {every_sign_in: true, new_device: false, new_location: true}, {skip_days: 30});

  const pending = await submit_password(home, agent);
  assert.equal(pending.status, 202, pending.text);
  const remembered = await finish_second_step(home, {code: await totp.next(), remember: true});
  assert.equal(remembered.status, 200, remembered.text);
  assert.equal((await home.delete('/api/session')).status, 204);
  assert.equal(await asks_code(home, agent), false, 'trusted, in Berlin');

  // The same browser, its trust and device cookies, in Tokyo.
  const travelling = browser_at(server, {place: tokyo, device_of: home});
  for (const [name, cookie] of home.cookies) travelling.cookies.set(name, cookie);
  assert.equal(await asks_code(travelling, agent), true, 'trusted, in a new place');
  travelling.close();

  // With only every-sign-in, trust skips the code in a new place too.
  await set_rules(server, {every_sign_in: true, new_device: false, new_location: false});
  const elsewhere = browser_at(server, {place: unlocated, device_of: home});
  for (const [name, cookie] of home.cookies) elsewhere.cookies.set(name, cookie);
  assert.equal(await asks_code(elsewhere, agent), false, 'trusted, every-sign-in only, in a new place');
  home.close();
  elsewhere.close();
});

test('the rules: at least one, booleans only, audited with old and new; unchanged members keep their values',
  async (t) => {
    const server = await located_server_for_test(t);
    const admin = await signed_in_client(server, 'admin');
    const put = (body) => admin.request('/api/admin/security', {method: 'PUT', json: {lock_mode: 'until_unlocked', ...body}});
    const fields = (answer) => answer.json.error.fields.map(({field, code}) => [field, code]);

    const before = await admin.get('/api/admin/security');
    assert.deepEqual(before.json.ask_second_factor, {every_sign_in: true, new_device: false, new_location: false},
      'the default: every sign-in');
    const none = await put({ask_second_factor: {every_sign_in: false, new_device: false, new_location: false}});
    assert_error(none, 400, 'validation_failed', 'no rule');
    assert_documented(none, 'PUT', '/api/admin/security');
    assert.deepEqual(fields(none), [['ask_second_factor', 'choose_one']]);
    assert.deepEqual(fields(await put({ask_second_factor: {every_sign_in: false}})), [['ask_second_factor', 'choose_one']],
      'turning the only rule off');
    assert.deepEqual(fields(await put({ask_second_factor: {new_device: 'yes'}})), [['new_device', 'invalid_choice']]);
    assert.deepEqual(fields(await put({ask_second_factor: true})), [['ask_second_factor', 'invalid_choice']]);

    const partial = await put({ask_second_factor: {new_location: true}});
    assert.equal(partial.status, 200, partial.text);
    assert_documented(partial, 'PUT', '/api/admin/security');
    assert.deepEqual(partial.json.ask_second_factor, {every_sign_in: true, new_device: false, new_location: true});
    const switched = await put({ask_second_factor: {every_sign_in: false}});
    assert.deepEqual(switched.json.ask_second_factor, {every_sign_in: false, new_device: false, new_location: true});
    const kept = await put({});
    assert.deepEqual(kept.json.ask_second_factor, switched.json.ask_second_factor, 'absent: unchanged');

    // The lock mode's part of each PUT is an event of its own.
    const changes = (await audit_events(server, 'security_settings.changed'))
      .filter(({detail}) => detail.ask_second_factor).map(({detail}) => detail.ask_second_factor);
    assert.deepEqual(changes, [
      {old: {every_sign_in: true, new_device: false, new_location: false},
        new: {every_sign_in: true, new_device: false, new_location: true}},
      {old: {every_sign_in: true, new_device: false, new_location: true},
        new: {every_sign_in: false, new_device: false, new_location: true}},
    ]);
    admin.close();
  });

test('turning a company-wide 2FA requirement on mails every admin of the company, nobody else; turning one off, nobody', async (t) => {
  const server = await located_server_for_test(t);
  const second_admin = await add_person(server, {
    username: 'second-admin', email: 'second-admin@demo.example', display_name: 'Second Admin', role: 'admin',
    password_of: 'admin',
  });
  await add_other_company(server);
  const admin = await signed_in_client(server, 'admin');
  const put = (body) => admin.request('/api/admin/security', {method: 'PUT', json: {lock_mode: 'until_unlocked', ...body}});
  const outbox = outbox_of(server);
  const subject = catalog_text('en', 'mail.requirement_on.subject', {company: server.demo.company});
  const recipients = [server.demo.admin.email, second_admin.email];

  assert.equal((await put({ask_second_factor: {new_device: true, new_location: true}})).status, 200);
  for (const to of recipients) {
    const mail = await outbox.next({to, subject});
    assert.ok(mail.text.includes(catalog_text('en', 'mail.requirement_on.new_device')), mail.text);
    assert.ok(mail.text.includes(catalog_text('en', 'mail.requirement_on.new_location')), mail.text);
    assert.ok(!mail.text.includes(catalog_text('en', 'mail.requirement_on.every_sign_in')), mail.text);
    assert.ok(mail.text.includes(server.demo.admin.account), `names who changed it: ${mail.text}`);
  }
  // Turning off mails nobody, nor does what was on already.
  assert.equal((await put({ask_second_factor: {new_device: false, new_location: true}})).status, 200);
  // (Last: the admin, without 2FA, may then only set it up.)
  assert.equal((await put({require_two_factor: true})).status, 200);
  for (const to of recipients) {
    const mail = await outbox.next({to, subject});
    assert.ok(mail.text.includes(catalog_text('en', 'mail.requirement_on.require_two_factor')), mail.text);
  }
  // Mail is queued in the database with the change itself, so the count there is final.
  const queued = await server.rows('SELECT recipient, subject FROM mail_outbox');
  const told = queued.filter((row) => row.subject === subject).map((row) => row.recipient);
  assert.equal(told.length, 4, JSON.stringify(queued));
  assert.deepEqual(recipients.map((to) => told.filter((recipient) => addresses_in(recipient).includes(to)).length), [2, 2]);
  admin.close();
});
