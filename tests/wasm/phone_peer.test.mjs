// libphonenumber as a real peer for the core's phone numbers (Debian's
// python3-phonenumbers, tests/support/libphonenumber_peer.py): every number
// the shared vectors accept is the E.164 number libphonenumber reads, and
// for every country the core lists, libphonenumber's example mobile number
// reads the same in national and international form, and the core allows
// exactly the lengths libphonenumber says a mobile number may have.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';

import { wrap_core } from '../../www/js/core_api.js';
import { load_module, read_json, repo_root } from './core_module.mjs';

// Debian's python3, where python3-phonenumbers installs, whichever python3 comes first on PATH.
const python = '/usr/bin/python3';
const peer_script = path.join(repo_root, 'tests/support/libphonenumber_peer.py');

function ask_peer(requests) {
  const run = spawnSync(python, [peer_script], {
    input: requests.map((request) => JSON.stringify(request)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28,
  });
  assert.equal(run.status, 0, `the libphonenumber peer failed (is python3-phonenumbers installed?): ${run.stderr}`);
  return run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
}

let core;
let peer_regions;
before(async () => {
  core = wrap_core(await load_module());
  [{ regions: peer_regions }] = ask_peer([{ regions: true }]);
});

test('every number the vectors accept is what libphonenumber reads', () => {
  const accepted = read_json('tests/vectors/phone_numbers.json').cases.filter((vector) => vector.expect.ok);
  assert.ok(accepted.length >= 30);
  // libphonenumber wants the region in upper case; the core takes either.
  const answers = ask_peer(accepted.map(({ country, phone }) => ({ parse: phone, region: country.toUpperCase() || null })));
  accepted.forEach(({ name, expect }, i) => assert.deepEqual(answers[i], { e164: expect.phone }, name));
});

test('the core lists exactly the countries with mobile numbers, with their calling codes', () => {
  const listed = core.phone_countries().countries;
  assert.deepEqual(listed, peer_regions.map(({ region, dial_code }) => ({ region, dial_code })));
});

// National forms the core refuses rather than misread (twofold/phone/countries.hpp):
// Argentina's "0 <area code> 15 <number>" needs libphonenumber's transform rules.
const national_forms_refused = new Set(['AR']);

test('each country\'s example mobile number reads the same in national and international form', () => {
  const mismatches = [];
  for (const { region, example_national, example_e164 } of peer_regions) {
    const forms = national_forms_refused.has(region) ? [example_e164] : [example_national, example_e164];
    for (const typed of forms) {
      const answer = core.normalize_phone({ country: region, phone: typed });
      if (answer.phone !== example_e164) mismatches.push(`${region} "${typed}": ${JSON.stringify(answer)} not ${example_e164}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('a national form the core cannot read is refused, never misread', () => {
  for (const { region, example_national } of peer_regions.filter(({ region }) => national_forms_refused.has(region))) {
    assert.equal(core.normalize_phone({ country: region, phone: example_national }).ok, false, `${region} "${example_national}"`);
  }
  assert.equal(national_forms_refused.size, peer_regions.filter(({ region }) => national_forms_refused.has(region)).length);
});

test('each country allows exactly the mobile lengths libphonenumber knows', () => {
  const mismatches = [];
  for (const { region, lengths } of peer_regions) {
    for (const { digits, possible, national } of lengths) {
      const answer = core.normalize_phone({ country: region, phone: national });
      if (answer.ok !== possible) mismatches.push(`${region}, ${digits} digits (${national}): core ${answer.ok}, libphonenumber ${possible}`);
    }
  }
  assert.deepEqual(mismatches, []);
});
