// Phone numbers for SMS codes in the wasm core, through the wrapper the web
// app uses (www/js/core_api.js): the shared vectors, masking, and the list
// of countries the Security settings page offers.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { wrap_core } from '../../www/js/core_api.js';
import { load_module, read_json } from './core_module.mjs';

const bad_request = { error: { code: 'bad_request', message_key: 'error.bad_request' } };
const vectors = read_json('tests/vectors/phone_numbers.json').cases;

let core;
before(async () => {
  core = wrap_core(await load_module());
});

test('answers every shared vector', () => {
  assert.ok(vectors.length >= 50);
  for (const { name, country, phone, expect } of vectors) {
    assert.deepEqual(core.normalize_phone({ country, phone }), expect, name);
  }
});

test('masks every accepted number as normalize_phone did', () => {
  for (const { name, expect } of vectors.filter((vector) => vector.expect.ok)) {
    assert.deepEqual(core.mask_phone(expect.phone), { masked: expect.masked }, name);
  }
});

test('reads a missing field as empty and refuses one that is not a string', () => {
  assert.deepEqual(core.normalize_phone({ phone: '07700 900123' }).errors,
    [{ field: 'country', code: 'required', message_key: 'validation.required' }]);
  assert.deepEqual(core.normalize_phone({ country: 'GB', phone: 7700900123 }), bad_request);
  assert.deepEqual(core.mask_phone(null), bad_request);
});

test('lists each country once, by region, with its calling code', () => {
  const { countries } = core.phone_countries();
  assert.ok(countries.length >= 240, `${countries.length} countries`);
  const regions = countries.map((country) => country.region);
  assert.deepEqual(regions, [...regions].sort());
  assert.equal(new Set(regions).size, regions.length);
  assert.deepEqual(countries.find((country) => country.region === 'GB'), { region: 'GB', dial_code: '44' });
  assert.deepEqual(countries.find((country) => country.region === 'CN'), { region: 'CN', dial_code: '86' });
  for (const { region, dial_code } of countries) {
    assert.match(region, /^[A-Z]{2}$/);
    assert.match(dial_code, /^[1-9][0-9]{0,2}$/);
  }
});
