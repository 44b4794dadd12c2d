// Backup codes: each works once, also when two sign-ins race for it; input is
// lenient; the status lists what was used; new codes invalidate the old ones;
// the download is recorded until new codes are generated.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {outbox_of} from '../support/mail.mjs';
import {
  assert_error, assert_signed_in_as, catalog_text, finish_second_step, pending_sign_in, server_for_test, sign_out,
  with_app_on,
} from '../support/two_factor.mjs';

// "7QXK-M2D9-AB3F-4P" -> "7qxk m2d9ab3f 4p": lower case, hyphens dropped, spaces in odd places.
function typed_carelessly(code) {
  const plain = code.replace(/[-\s]/g, '').toLowerCase();
  return ` ${plain.slice(0, 4)} ${plain.slice(4, 12)}  ${plain.slice(12)} `;
}

async function sign_in_with_backup_code(server, role, backup_code) {
  const {browser} = await pending_sign_in(server, role);
  const answer = await finish_second_step(browser, {backup_code});
  return {browser, answer};
}

test('a backup code signs in once and never again', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes} = await with_app_on(server, 'agent');
  for (const code of backup_codes) assert.match(code, /^[A-Z0-9]+(-[A-Z0-9]+)*$/, `display form of ${code}`);
  const used = 3;

  const first = await sign_in_with_backup_code(server, 'agent', backup_codes[used]);
  assert.equal(first.answer.status, 200, first.answer.text);
  await assert_signed_in_as(first.browser, server, 'agent');

  const status = await first.browser.get('/api/me/backup-codes');
  assert.equal(status.status, 200, status.text);
  assert.equal(status.json.codes.length, 10);
  assert.deepEqual(status.json.codes.map((entry) => entry.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const used_numbers = status.json.codes.filter((entry) => entry.used_at !== null).map((entry) => entry.number);
  assert.deepEqual(used_numbers, [used + 1], 'exactly the code used is marked');
  const used_at = Date.parse(status.json.codes[used].used_at);
  assert.ok(Math.abs(used_at - Date.now()) < 60_000, `used_at ${status.json.codes[used].used_at}`);
  const two_factor = await first.browser.get('/api/me/two-factor');
  assert.equal(two_factor.json.backup_codes.unused, 9);
  await sign_out(first.browser);
  first.browser.close();

  const second = await sign_in_with_backup_code(server, 'agent', backup_codes[used]);
  assert_error(second.answer, 401, 'code_rejected', 'the same backup code again');
  assert.equal((await second.browser.get('/api/me')).status, 401);
  second.browser.close();
});

test('two sign-ins racing with the same backup code: exactly one gets in', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes} = await with_app_on(server, 'admin');
  const [one, two] = await Promise.all([pending_sign_in(server, 'admin'), pending_sign_in(server, 'admin')]);

  const answers = await Promise.all([
    finish_second_step(one.browser, {backup_code: backup_codes[0]}),
    finish_second_step(two.browser, {backup_code: backup_codes[0]}),
  ]);
  const statuses = answers.map((answer) => answer.status).sort();
  assert.deepEqual(statuses, [200, 401], answers.map((answer) => answer.text).join('\n'));
  const loser = answers.find((answer) => answer.status === 401);
  assert_error(loser, 401, 'code_rejected');

  const winner = answers[0].status === 200 ? one : two;
  const status = await winner.browser.get('/api/me/backup-codes');
  assert.equal(status.json.codes.filter((entry) => entry.used_at !== null).length, 1, 'used once');
  one.browser.close();
  two.browser.close();
});

test('a backup code typed in lower case, with spaces and without hyphens, is accepted', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes} = await with_app_on(server, 'agent');
  const typed = typed_carelessly(backup_codes[9]);
  assert.notEqual(typed, backup_codes[9]);
  const {browser, answer} = await sign_in_with_backup_code(server, 'agent', typed);
  assert.equal(answer.status, 200, `${typed}: ${answer.text}`);
  const status = await browser.get('/api/me/backup-codes');
  assert.deepEqual(status.json.codes.filter((entry) => entry.used_at !== null).map((entry) => entry.number), [10]);
  browser.close();
});

test('new backup codes invalidate every old one, and the download flag starts over', async (t) => {
  const server = await server_for_test(t);
  const {backup_codes: old_codes} = await with_app_on(server, 'admin');
  const {browser, answer} = await sign_in_with_backup_code(server, 'admin', old_codes[0]);
  assert.equal(answer.status, 200, answer.text);

  let two_factor = await browser.get('/api/me/two-factor');
  assert.equal(two_factor.json.backup_codes.downloaded, false, 'not downloaded yet');
  const download = await browser.post('/api/me/backup-codes/download');
  assert.equal(download.status, 204, download.text);
  two_factor = await browser.get('/api/me/two-factor');
  assert.equal(two_factor.json.backup_codes.downloaded, true);
  const listed = await browser.get('/api/me/backup-codes');
  assert.ok(Math.abs(Date.parse(listed.json.downloaded_at) - Date.now()) < 60_000, listed.text);

  // Signed in a moment ago: no password needed.
  const regenerated = await browser.post('/api/me/backup-codes');
  assert.equal(regenerated.status, 200, regenerated.text);
  const new_codes = regenerated.json.codes;
  assert.equal(new_codes.length, 10);
  assert.equal(new_codes.filter((code) => old_codes.includes(code)).length, 0, 'all codes are new');
  const notice = await outbox_of(server).next({
    to: server.demo.admin.email, subject: catalog_text('en', 'mail.notice.backup_codes_new.subject'),
  });
  for (const said of [catalog_text('en', 'mail.notice.ip', {ip: '127.0.0.1'}), '/profile/#security']) {
    assert.ok(notice.text.includes(said), `the notice says ${said}: ${notice.text}`);
  }
  two_factor = await browser.get('/api/me/two-factor');
  assert.equal(two_factor.json.backup_codes.downloaded, false, 'new codes are not downloaded yet');
  assert.equal(two_factor.json.backup_codes.unused, 10);
  const fresh = await browser.get('/api/me/backup-codes');
  assert.equal(fresh.json.downloaded_at, null);
  assert.ok(fresh.json.codes.every((entry) => entry.used_at === null));
  await sign_out(browser);
  browser.close();

  // Every old code, used or not, is refused. Four at a time, since the
  // fifth wrong code in a row would lock the account; a new code in between
  // forgets the failures.
  const batches = [old_codes.slice(0, 4), old_codes.slice(4, 8), old_codes.slice(8)];
  for (const [number, batch] of batches.entries()) {
    const {browser: trying} = await pending_sign_in(server, 'admin');
    for (const code of batch) assert_error(await finish_second_step(trying, {backup_code: code}), 401, 'code_rejected', `old code ${code}`);
    const accepted = await finish_second_step(trying, {backup_code: new_codes[number]});
    assert.equal(accepted.status, 200, accepted.text);
    await sign_out(trying);
    trying.close();
  }
  const {browser: with_new, answer: pending} = await pending_sign_in(server, 'admin');
  assert.equal(pending.json.second_step.attempts_left, 5);
  const accepted = await finish_second_step(with_new, {backup_code: new_codes[batches.length]});
  assert.equal(accepted.status, 200, accepted.text);
  with_new.close();
});
