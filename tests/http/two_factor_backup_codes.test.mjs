// Backup codes: each works once, also when two sign-ins race for it; input is
// lenient; the status lists what was used; new codes invalidate the old ones;
// the download is recorded until new codes are generated.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {
  assertError, assertSignedInAs, finishSecondStep, pendingSignIn, serverForTest, signOut, withAppOn,
} from '../support/two_factor.mjs';

// "7QXK-M2D9-AB3F-4P" -> "7qxk m2d9ab3f 4p": lower case, hyphens dropped, spaces in odd places.
function typedCarelessly(code) {
  const plain = code.replace(/[-\s]/g, '').toLowerCase();
  return ` ${plain.slice(0, 4)} ${plain.slice(4, 12)}  ${plain.slice(12)} `;
}

async function signInWithBackupCode(server, role, backupCode) {
  const {browser} = await pendingSignIn(server, role);
  const answer = await finishSecondStep(browser, {backup_code: backupCode});
  return {browser, answer};
}

test('a backup code signs in once and never again', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'agent');
  for (const code of backupCodes) assert.match(code, /^[A-Z0-9]+(-[A-Z0-9]+)*$/, `display form of ${code}`);
  const used = 3;

  const first = await signInWithBackupCode(server, 'agent', backupCodes[used]);
  assert.equal(first.answer.status, 200, first.answer.text);
  await assertSignedInAs(first.browser, server, 'agent');

  const status = await first.browser.get('/api/me/backup-codes');
  assert.equal(status.status, 200, status.text);
  assert.equal(status.json.codes.length, 10);
  assert.deepEqual(status.json.codes.map((entry) => entry.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const usedNumbers = status.json.codes.filter((entry) => entry.used_at !== null).map((entry) => entry.number);
  assert.deepEqual(usedNumbers, [used + 1], 'exactly the code used is marked');
  const usedAt = Date.parse(status.json.codes[used].used_at);
  assert.ok(Math.abs(usedAt - Date.now()) < 60_000, `used_at ${status.json.codes[used].used_at}`);
  const twoFactor = await first.browser.get('/api/me/two-factor');
  assert.equal(twoFactor.json.backup_codes.unused, 9);
  await signOut(first.browser);
  first.browser.close();

  const second = await signInWithBackupCode(server, 'agent', backupCodes[used]);
  assertError(second.answer, 401, 'code_rejected', 'the same backup code again');
  assert.equal((await second.browser.get('/api/me')).status, 401);
  second.browser.close();
});

test('two sign-ins racing with the same backup code: exactly one gets in', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'admin');
  const [one, two] = await Promise.all([pendingSignIn(server, 'admin'), pendingSignIn(server, 'admin')]);

  const answers = await Promise.all([
    finishSecondStep(one.browser, {backup_code: backupCodes[0]}),
    finishSecondStep(two.browser, {backup_code: backupCodes[0]}),
  ]);
  const statuses = answers.map((answer) => answer.status).sort();
  assert.deepEqual(statuses, [200, 401], answers.map((answer) => answer.text).join('\n'));
  const loser = answers.find((answer) => answer.status === 401);
  assertError(loser, 401, 'code_rejected');

  const winner = answers[0].status === 200 ? one : two;
  const status = await winner.browser.get('/api/me/backup-codes');
  assert.equal(status.json.codes.filter((entry) => entry.used_at !== null).length, 1, 'used once');
  one.browser.close();
  two.browser.close();
});

test('a backup code typed in lower case, with spaces and without hyphens, is accepted', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes} = await withAppOn(server, 'agent');
  const typed = typedCarelessly(backupCodes[9]);
  assert.notEqual(typed, backupCodes[9]);
  const {browser, answer} = await signInWithBackupCode(server, 'agent', typed);
  assert.equal(answer.status, 200, `${typed}: ${answer.text}`);
  const status = await browser.get('/api/me/backup-codes');
  assert.deepEqual(status.json.codes.filter((entry) => entry.used_at !== null).map((entry) => entry.number), [10]);
  browser.close();
});

test('new backup codes invalidate every old one, and the download flag starts over', async (t) => {
  const server = await serverForTest(t);
  const {backupCodes: oldCodes} = await withAppOn(server, 'admin');
  const {browser, answer} = await signInWithBackupCode(server, 'admin', oldCodes[0]);
  assert.equal(answer.status, 200, answer.text);

  let twoFactor = await browser.get('/api/me/two-factor');
  assert.equal(twoFactor.json.backup_codes.downloaded, false, 'not downloaded yet');
  const download = await browser.post('/api/me/backup-codes/download');
  assert.equal(download.status, 204, download.text);
  twoFactor = await browser.get('/api/me/two-factor');
  assert.equal(twoFactor.json.backup_codes.downloaded, true);
  const listed = await browser.get('/api/me/backup-codes');
  assert.ok(Math.abs(Date.parse(listed.json.downloaded_at) - Date.now()) < 60_000, listed.text);

  // Signed in a moment ago: no password needed.
  const regenerated = await browser.post('/api/me/backup-codes');
  assert.equal(regenerated.status, 200, regenerated.text);
  const newCodes = regenerated.json.codes;
  assert.equal(newCodes.length, 10);
  assert.equal(newCodes.filter((code) => oldCodes.includes(code)).length, 0, 'all codes are new');
  twoFactor = await browser.get('/api/me/two-factor');
  assert.equal(twoFactor.json.backup_codes.downloaded, false, 'new codes are not downloaded yet');
  assert.equal(twoFactor.json.backup_codes.unused, 10);
  const fresh = await browser.get('/api/me/backup-codes');
  assert.equal(fresh.json.downloaded_at, null);
  assert.ok(fresh.json.codes.every((entry) => entry.used_at === null));
  await signOut(browser);
  browser.close();

  // Every old code, used or not, is refused. Four at a time, since the
  // fifth wrong code in a row would lock the account; a new code in between
  // forgets the failures.
  const batches = [oldCodes.slice(0, 4), oldCodes.slice(4, 8), oldCodes.slice(8)];
  for (const [number, batch] of batches.entries()) {
    const {browser: trying} = await pendingSignIn(server, 'admin');
    for (const code of batch) assertError(await finishSecondStep(trying, {backup_code: code}), 401, 'code_rejected', `old code ${code}`);
    const accepted = await finishSecondStep(trying, {backup_code: newCodes[number]});
    assert.equal(accepted.status, 200, accepted.text);
    await signOut(trying);
    trying.close();
  }
  const {browser: withNew, answer: pending} = await pendingSignIn(server, 'admin');
  assert.equal(pending.json.second_step.attempts_left, 5);
  const accepted = await finishSecondStep(withNew, {backup_code: newCodes[batches.length]});
  assert.equal(accepted.status, 200, accepted.text);
  withNew.close();
});
