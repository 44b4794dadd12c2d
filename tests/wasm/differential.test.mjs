// Native against wasm: the same request bytes through twofold-core-cli and the
// wasm module must give byte-identical answers. Thousands of seeded random
// requests (TWOFOLD_DIFF_SEED, TWOFOLD_DIFF_CASES) plus crafted edge cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';

import { call_core_bytes } from '../../www/js/core_api.js';
import { core_cli, load_module, raw_sign_in_request, read_json, sign_in_vectors } from './core_module.mjs';
import { seeded_random } from './seeded_random.mjs';

const seed = Number(process.env.TWOFOLD_DIFF_SEED ?? 20_240_601);
const random_cases = Number(process.env.TWOFOLD_DIFF_CASES ?? 4000);

const { random, below, pick } = seeded_random(seed);

const white_space = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2005, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const lookalikes = [0x200b, 0xfeff, 0x180e, 0x2060, 0xfffd, 0xffff, 0xd7ff, 0xe000, 0x10ffff];

// One code point (as a string) from a mix of classes the rules care about.
const character_classes = [
  () => pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  () => pick('._-@'),
  () => pick('!#$%&\'*+/=?^`{|}~"(),:;<>[\\] '),
  () => String.fromCodePoint(pick(white_space)),
  () => String.fromCodePoint(below(0x20)),
  () => String.fromCodePoint(0x7f + below(0x21)),
  () => String.fromCodePoint(pick(lookalikes)),
  () => String.fromCodePoint(0xa1 + below(0x500)),
  () => String.fromCodePoint(0x4e00 + below(0x5000)),
  () => String.fromCodePoint(0x10000 + below(0x100000)),
  () => String.fromCharCode(0xd800 + below(0x800)),  // a lone surrogate
];

function random_text(max_length) {
  let text = '';
  const length = below(max_length + 1);
  for (let i = 0; i < length; i++) text += pick(character_classes)();
  return text;
}

// Strings of one repeated character around each length limit.
function boundary_text() {
  const length = pick([63, 64, 65, 99, 100, 101, 126, 127, 253, 254, 255, 256, 257]);
  const unit = pick(['a', 'é', '公', '😀', ' ']);
  return unit.repeat(length);
}

// Function names travel as C strings (ccall) and in JSON (the CLI), so they
// hold no NUL and no lone surrogate.
function random_name() {
  return Array.from({ length: 1 + below(12) }, () => pick(['a', 'n', 'g', '_', 'É', '公', '😀'])).join('');
}

function random_email() {
  const atom = () => random_text(3) + pick(['a', 'b', 'Z']).repeat(1 + below(4));
  const local = Array.from({ length: 1 + below(3) }, atom).join(pick(['.', '.', '..', '']));
  const domain = Array.from({ length: 1 + below(3) }, atom).join(pick(['.', '.', '-', '..']));
  return pick(['', ' ', '\u3000']) + local + pick(['@', '@', '@@', '']) + domain + pick(['', '.', ' ']);
}

function random_field() {
  switch (below(4)) {
    case 0: return boundary_text();
    case 1: return random_email();
    default: return random_text(pick([3, 12, 40]));
  }
}

// Message patterns, well-formed and not: plurals nest up to one level past
// the core's cap, and stray syntax is sprinkled in.
const pattern_names = ['n', 'count', 'name', 'x_1', 'N'];
const catalog_keys = Object.keys(read_json('shared/i18n/en.json'));

function random_plural(depth) {
  const branches = [];
  for (let i = below(3); i > 0; i--) {
    const selector = below(10) > 0 ? pick(['=0', '=1', '=-1', '=21', 'zero', 'one', 'two', 'few', 'many'])
      : pick(['=x', 'One', '', '=1.5']);
    branches.push(`${selector}${pick([' ', '', '\n'])}{${random_pattern(depth + 1)}}`);
  }
  if (below(12) > 0) branches.splice(below(branches.length + 1), 0, `other {${random_pattern(depth + 1)}}`);
  const type = below(10) > 0 ? 'plural' : 'select';
  const end = below(10) > 0 ? '}' : pick(['', '} x}']);
  return `{${pick(['', ' '])}${pick(pattern_names)}, ${type},${pick([' ', ''])}${branches.join(pick([' ', '', '\t']))}${end}`;
}

// Mostly well-formed: one part in twelve is stray syntax.
function random_pattern(depth = 0) {
  const parts = [];
  for (let i = 1 + below(3); i > 0; i--) {
    switch (below(depth < 5 ? 12 : 8)) {
      case 0: parts.push(pick(['#', '\'', '{', '}', '{}', ', plural,', '{n, number}', '{n-1}'])); break;
      case 1: case 2: parts.push(random_text(6).replace(/[{}]/g, '')); break;
      case 3: case 4: case 5: parts.push(`{${pick(['', ' '])}${pick(pattern_names)}${pick(['', ' '])}}`); break;
      case 6: case 7: parts.push(pick([' ', 'days', '天', '😀', ' # '])); break;
      default: parts.push(random_plural(depth)); break;
    }
  }
  return parts.join('');
}

const argument_values = [0, 1, 2, -1, 21, 100, 2 ** 53, -(2 ** 53), '1', '01', '-1', '1.0', '+1', 'x', '', '{n}', '#', '公',
  1.5, null, true, [], 2 ** 63];

function random_arguments() {
  const args = {};
  for (const name of pattern_names) if (below(6) > 0) args[name] = below(12) > 0 ? pick(argument_values.slice(0, 16)) : pick(argument_values);
  return args;
}

function random_format_request() {
  const source = below(4) > 0 ? { pattern: random_pattern() } : { key: pick([...catalog_keys, 'no.such.key']) };
  if (below(30) === 0) source.key = 'sign_in.title';  // both, refused
  const args = below(10) > 0 ? random_arguments() : pick([undefined, null, [], 'x', { n: {} }]);
  const language = below(20) > 0 ? pick(['en', 'zh-CN', 'zh-cn', 'fr', undefined]) : 1;
  return JSON.stringify({ language, ...source, args });
}

function random_backup_status_request() {
  return JSON.stringify({ language: pick(['en', 'zh-CN', 'fr', undefined, 7]), unused: pick([0, 1, 2, 3, 10, -1, 1.5, '2', undefined]),
    total: pick([0, 2, 3, 10, 10, 2 ** 31 - 1, 2 ** 31, undefined]) });
}

// Phone numbers as people type them: digits in groups, separators, a plus or
// 00, now and then a letter, a full-width digit or a stray character.
function random_phone() {
  if (below(3) === 0) return pick(['07700 900', '+44 7700 900', '(202) 555-0', '8 912 345 6', '+7 912 345 6']) + String(below(10_000));
  const parts = [];
  for (let i = below(8); i > 0; i--) {
    switch (below(6)) {
      case 0: parts.push(pick([' ', '-', '.', '(', ')', '+', '00', '\u3000', '\u00a0', '\u2013', '\uff0b'])); break;
      case 1: parts.push(pick(['x', 'O', '公', '\uff11', '/', '#'])); break;
      case 2: parts.push(random_text(2)); break;
      default: parts.push(String(below(10 ** (1 + below(5)))).padStart(below(5), '0'));
    }
  }
  return parts.join('');
}

function random_phone_request() {
  const country = below(10) > 0 ? pick(['GB', 'US', 'gb', 'DE', 'CN', 'RU', 'HU', 'NU', '', 'ZZ', 'TA', 'GBR']) : random_text(2);
  return JSON.stringify({ country, phone: random_phone() });
}

const encoder = new TextEncoder();
const request_for = (name, text) => ({ name, bytes: Buffer.from(encoder.encode(text)) });

// A request of one of the shapes the two builds might disagree on.
function random_request() {
  const form = { company: random_field(), account: random_field(), password: random_field() };
  switch (below(20)) {
    case 0: return request_for('catalog', JSON.stringify({ language: pick(['en', 'zh-CN', 'ZH-cn', 'zh-TW', 'fr', '', random_text(6)]) }));
    case 1: return request_for('languages', pick(['{}', '[]', '', '{"x":1}']));
    case 2: return request_for(pick(['', 'validate', 'VALIDATE_SIGN_IN', 'catalogs', random_name()]), JSON.stringify(form));
    case 3: {
      const text = JSON.stringify(form);
      return request_for('validate_sign_in', text.slice(0, below(text.length)));  // truncated
    }
    case 4: return request_for('validate_sign_in', JSON.stringify({ ...form, [pick(['company', 'account', 'password'])]: pick([1, null, [], {}, true]) }));
    case 5: {
      // Raw bytes, mostly not UTF-8, inside an otherwise valid request.
      const bytes = Buffer.from(Array.from({ length: 1 + below(6) }, () => below(256)));
      return { name: 'validate_sign_in', bytes: raw_sign_in_request({ company: bytes, account: Buffer.from('alice'), password: Buffer.from('pw') }) };
    }
    case 6: case 7: case 8: return request_for('format_message', random_format_request());
    case 9: return request_for('backup_codes_status', random_backup_status_request());
    case 10: case 11: return request_for('normalize_phone', random_phone_request());
    case 12: return request_for('mask_phone', JSON.stringify({ phone: pick(['+', '+44', '']) + random_phone() }));
    default: return request_for('validate_sign_in', JSON.stringify(form));
  }
}

function crafted_requests() {
  const requests = sign_in_vectors().map(({ form }) => ({ name: 'validate_sign_in', bytes: raw_sign_in_request(form) }));
  for (const { country, phone } of read_json('tests/vectors/phone_numbers.json').cases) {
    requests.push(request_for('normalize_phone', JSON.stringify({ country, phone })));
  }
  requests.push(request_for('phone_countries', '{}'));
  requests.push(request_for('validate_sign_in', `{"password":"${'p'.repeat(65_536)}"}`));
  requests.push(request_for('languages', '{}' + ' '.repeat(65_534)));
  requests.push(request_for('languages', '{}' + ' '.repeat(65_535)));
  requests.push(request_for('validate_sign_in', '['.repeat(20_000)));
  requests.push(request_for('validate_sign_in', '{"company":"\\u0000\\u001f\\u007f\\u0085\\ud83d\\ude00\\udbff\\udfff"}'));
  requests.push(request_for('validate_sign_in', '{"company":"\\ud800","account":"\\udc00x"}'));
  return requests;
}

function native_answers(requests) {
  const input = requests.map(({ name, bytes }) => JSON.stringify({ function: name, request_hex: bytes.toString('hex') })).join('\n') + '\n';
  const run = spawnSync(core_cli(), { input, maxBuffer: 1 << 30 });
  assert.equal(run.status, 0, `twofold-core-cli failed: ${run.stderr}`);
  const lines = [];
  let start = 0;
  for (let end = run.stdout.indexOf(0x0a); end !== -1; end = run.stdout.indexOf(0x0a, start)) {
    lines.push(run.stdout.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

let module;
before(async () => {
  module = await load_module();
});

test(`native and wasm answer byte for byte alike (seed ${seed}, ${random_cases} random requests)`, () => {
  const requests = [...crafted_requests(), ...Array.from({ length: random_cases }, random_request)];
  const native = native_answers(requests);
  assert.equal(native.length, requests.length, 'one native answer per request');

  const mismatches = [];
  const codes = new Map();
  const count = (kind) => codes.set(kind, (codes.get(kind) ?? 0) + 1);
  requests.forEach(({ name, bytes }, i) => {
    const wasm = Buffer.from(call_core_bytes(module, name, bytes));
    if (!wasm.equals(native[i])) {
      mismatches.push(`#${i} ${name} ${bytes.toString('hex').slice(0, 200)}\n  native ${native[i]}\n  wasm   ${wasm}`);
    }
    const answer = JSON.parse(wasm.toString('utf8'));
    count(answer.error ? `error.${answer.error.code}` : answer.ok === undefined ? name : `ok=${answer.ok}`);
    if (name === 'format_message' && answer.text !== undefined) {
      const { pattern } = JSON.parse(bytes.toString('utf8'));
      if (pattern !== undefined) count(answer.text === pattern ? 'pattern as written' : 'pattern formatted');
    }
    if (name === 'backup_codes_status' && answer.text !== undefined) count(`running_low=${answer.running_low}`);
    if (name === 'normalize_phone' && answer.ok !== undefined) count(`phone ok=${answer.ok}`);
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} mismatches (TWOFOLD_DIFF_SEED=${seed})`);

  // The random requests must reach every kind of answer, or the diff proves little.
  for (const kind of ['ok=true', 'ok=false', 'catalog', 'languages', 'format_message', 'pattern as written',
    'pattern formatted', 'backup_codes_status', 'running_low=true', 'running_low=false', 'phone ok=true',
    'phone ok=false', 'mask_phone', 'error.bad_request',
    'error.unknown_function', 'error.too_large']) {
    assert.ok(codes.get(kind) > 0, `no request got the answer ${kind}: ${JSON.stringify([...codes])}`);
  }
});

test('the CLI takes the request as text, as a JSON value or as hex', () => {
  const request = '{"company":"Acme","account":"Alice","password":"pw"}';
  const input = [
    { function: 'validate_sign_in', request },
    { function: 'validate_sign_in', request: JSON.parse(request) },
    { function: 'validate_sign_in', request_hex: Buffer.from(request).toString('hex') },
  ].map((line) => JSON.stringify(line)).join('\n') + '\n';
  const run = spawnSync(core_cli(), { input, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const answers = run.stdout.trimEnd().split('\n');
  assert.equal(answers.length, 3);
  assert.equal(JSON.parse(answers[0]).normalized.account, 'alice');
  assert.equal(answers[1], answers[0]);
  assert.equal(answers[2], answers[0]);
});

test('the CLI stops on a line it cannot read', () => {
  const run = spawnSync(core_cli(), { input: '{"function":"languages","request":{}}\nnot json\n', encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /line 2/);
  assert.equal(run.stdout.trimEnd().split('\n').length, 1);
});
