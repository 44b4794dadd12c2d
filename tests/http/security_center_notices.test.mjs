// Notices by mail, each with its audit event: a sign-in from a new device,
// a new location or both (never on the account's first sign-in), and the
// right password followed by a wrong code (once per row of wrong codes).
// Each says what, when, where (device, place, IP address) and links to
// Profile > Security, in the person's language.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {
  berlin, browser_at, chrome_on_windows, demo_person, firefox_on_linux, located_server_for_test, submit_password, tokyo,
  unlocated,
} from '../support/security_center.mjs';
import {
  audit_events, catalog_text, finish_second_step, turn_on_app, wrong_app_code,
} from '../support/two_factor.mjs';

// "2026-11-22 07:30": the minute the server writes in a notice.
function minute_of(date) {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * `mail` is the notice `kind` for `person` in `language`: its subject,
 * what happened, the minute (between `from` and `to`), the device, the
 * place, the IP address, the advice and the link to Profile > Security.
 */
function assert_notice(mail, {server, language, kind, person, device, place, ip, from, to}) {
  const names = {company: person.company, account: person.account};
  assert.equal(mail.subject, catalog_text(language, `mail.notice.${kind}.subject`, names));
  const says = (text, what) => assert.ok(mail.text.includes(text), `${kind} (${language}) says ${what}: ${text}\n${mail.text}`);
  says(catalog_text(language, `mail.notice.${kind}.body`, names), 'what happened');
  says(catalog_text(language, `mail.notice.${kind}.advice`), 'what to do');
  const minutes = [...new Set([minute_of(from), minute_of(to)])];
  const times = minutes.map((time) => catalog_text(language, 'mail.notice.when', {time}));
  assert.ok(times.some((time) => mail.text.includes(time)), `${kind}: one of ${times}\n${mail.text}`);
  says(catalog_text(language, 'mail.notice.device', {device}), 'the device');
  says(catalog_text(language, 'mail.notice.place', {place}), 'the place');
  says(catalog_text(language, 'mail.notice.ip', {ip}), 'the IP address');
  says(`${server.url}/profile/#security`, 'the link');
  assert.ok(mail.html.includes(`${server.url}/profile/#security`), 'the HTML part links there too');
}

function device_text(language, agent) {
  const {browser, browser_version, os, os_version} = agent.name;
  const with_version = (name, version) => (version ? `${name} ${version}` : name);
  return catalog_text(language, 'mail.notice.device_name',
    {browser: with_version(browser, browser_version), system: with_version(os, os_version)});
}

// Notices in the database's outbox whose subject is one of `kind`'s (mail is queued with the sign-in: final).
async function queued_notices(server, language, kind, person) {
  const subject = catalog_text(language, `mail.notice.${kind}.subject`, {company: person.company, account: person.account});
  const rows = await server.rows('SELECT subject FROM mail_outbox');
  return rows.filter((row) => row.subject === subject).length;
}

async function sign_in_and_out(browser, person) {
  const answer = await submit_password(browser, person);
  assert.equal(answer.status, 200, answer.text);
  assert.equal((await browser.delete('/api/session')).status, 204);
}

test('new device, new location, both: a notice each, in English, but not on the first sign-in', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const outbox = outbox_of(server);
  const home = browser_at(server, {place: berlin, agent: firefox_on_linux});
  await sign_in_and_out(home, agent);
  assert.equal((await audit_events(server, 'device.new')).length, 1, 'the first device is audited');
  assert.equal((await audit_events(server, 'location.new')).length, 1, 'the first place is audited');
  for (const kind of ['new_device', 'new_location', 'new_device_and_location']) {
    assert.equal(await queued_notices(server, 'en', kind, agent), 0, `no ${kind} notice for the first sign-in`);
  }
  await sign_in_and_out(home, agent);
  assert.equal((await audit_events(server, 'device.new')).length, 1, 'a known device is not new');

  const cases = [
    ['new_device', {place: berlin, agent: chrome_on_windows}, 'Berlin, Germany'],
    ['new_location', {place: tokyo, agent: firefox_on_linux, device_of: home}, 'Tokyo, Japan'],
    ['new_device_and_location', {place: unlocated, agent: chrome_on_windows},
      catalog_text('en', 'mail.notice.network', {network: unlocated.network})],
  ];
  for (const [kind, where, place] of cases) {
    const browser = browser_at(server, where);
    const from = new Date();
    await sign_in_and_out(browser, agent);
    const to = new Date();
    const mail = await outbox.next({to: agent.email, subject: catalog_text('en', `mail.notice.${kind}.subject`)});
    assert_notice(mail, {
      server, language: 'en', kind, person: agent, device: device_text('en', where.agent), place,
      ip: where.place.address, from, to,
    });
    browser.close();
  }
  assert.deepEqual((await audit_events(server, 'device.new')).map(({detail}) => detail), [
    {browser: 'Firefox', os: 'Linux'}, {browser: 'Chrome', os: 'Windows'}, {browser: 'Chrome', os: 'Windows'},
  ]);
  assert.deepEqual((await audit_events(server, 'location.new')).map(({detail}) => detail.place),
    ['DE/Berlin', 'JP/Tokyo', unlocated.network]);
  for (const [kind] of cases) assert.equal(await queued_notices(server, 'en', kind, agent), 1, `one ${kind} notice`);
  home.close();
});

test('a person who speaks Chinese gets the notices in Chinese, places named in Chinese', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const home = browser_at(server, {place: berlin});
  assert.equal((await submit_password(home, agent)).status, 200);
  const saved = await home.request('/api/me/language', {method: 'PUT', json: {language: 'zh-CN', save: true}});
  assert.equal(saved.status, 200, saved.text);
  assert.equal((await home.delete('/api/session')).status, 204);

  const travelling = browser_at(server, {place: tokyo, agent: chrome_on_windows});
  const from = new Date();
  await sign_in_and_out(travelling, agent);
  const to = new Date();
  const kind = 'new_device_and_location';
  const subject = catalog_text('zh-CN', `mail.notice.${kind}.subject`);
  const mail = await outbox_of(server).next({to: agent.email, subject});
  const place = catalog_text('zh-CN', 'mail.notice.city_country', {city: tokyo.city_zh, country: tokyo.country_zh});
  assert.equal(place, '日本东京');
  assert_notice(mail, {
    server, language: 'zh-CN', kind, person: agent, device: device_text('zh-CN', chrome_on_windows), place,
    ip: tokyo.address, from, to,
  });
  assert.ok(!mail.text.includes('Tokyo'), `no English place names: ${mail.text}`);
  travelling.close();
  home.close();
});

test('the right password then a wrong code: one notice per row of wrong codes', async (t) => {
  const server = await located_server_for_test(t);
  const agent = demo_person(server, 'agent');
  const home = browser_at(server, {place: berlin});
  assert.equal((await submit_password(home, agent)).status, 200);
  const {totp} = await turn_on_app(home);
  assert.equal((await home.delete('/api/session')).status, 204);
  const outbox = outbox_of(server);
  const subject = catalog_text('en', 'mail.notice.password_known.subject');

  const thief = browser_at(server, {place: tokyo, agent: chrome_on_windows});
  assert.equal((await submit_password(thief, agent)).status, 202);
  const wrong = await wrong_app_code(totp);
  const from = new Date();
  for (let attempt = 1; attempt <= 3; ++attempt) {
    const answer = await finish_second_step(thief, {code: wrong});
    assert.equal(answer.status, 401, `wrong code ${attempt}: ${answer.text}`);
  }
  const to = new Date();
  const mail = await outbox.next({to: agent.email, subject});
  assert_notice(mail, {
    server, language: 'en', kind: 'password_known', person: agent, device: device_text('en', chrome_on_windows),
    place: 'Tokyo, Japan', ip: tokyo.address, from, to,
  });
  assert.equal((await audit_events(server, 'notice.password_known')).length, 1, 'one notice for three wrong codes');
  assert.equal(await queued_notices(server, 'en', 'password_known', agent), 1);

  // A right code ends the row; the next wrong code starts a new one.
  assert.equal((await finish_second_step(thief, {code: await totp.next()})).status, 200);
  assert.equal((await thief.delete('/api/session')).status, 204);
  assert.equal((await submit_password(thief, agent)).status, 202);
  assert.equal((await finish_second_step(thief, {code: await wrong_app_code(totp)})).status, 401);
  await outbox.next({to: agent.email, subject});
  assert.equal((await audit_events(server, 'notice.password_known')).length, 2, 'a new row, a new notice');
  assert.equal(await queued_notices(server, 'en', 'password_known', agent), 2);
  thief.close();
  home.close();
});
