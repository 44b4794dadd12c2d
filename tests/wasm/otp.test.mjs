// One-time passwords in the wasm core, checked against independent
// implementations: RFC 6238 Appendix B through node's HMAC and the core's
// step arithmetic and truncation, Debian's oathtool for random secrets and
// times, and the native build (twofold-core-cli) for every OTP function on
// seeded random inputs (TWOFOLD_OTP_SEED, TWOFOLD_OTP_CASES).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { before, describe, test } from 'node:test';

import { call_core_bytes, wrap_core } from '../../www/js/core_api.js';
import { core_cli, load_module, read_json } from './core_module.mjs';
import { seeded_random } from './seeded_random.mjs';

const seed = Number(process.env.TWOFOLD_OTP_SEED ?? 20_261_122);
const random_cases = Number(process.env.TWOFOLD_OTP_CASES ?? 3000);

const { random, below, pick } = seeded_random(seed);
const random_bytes = (length) => Buffer.from(Array.from({ length }, () => below(256)));
const random_hex = (length) => random_bytes(length).toString('hex');

const node_algorithm = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

let module;
let core;
before(async () => {
  module = await load_module();
  core = wrap_core(module);
});

// The TOTP code the way a browser-side check would compute it: the core's
// step and message, node's HMAC, the core's truncation.
function totp_through_core(key_hex, unix_time, { algorithm = 'SHA1', digits = 6, period = 30 } = {}) {
  const counter = core.totp_counter(unix_time, period);
  assert.equal(counter.ok, true, JSON.stringify(counter));
  const hmac = createHmac(node_algorithm[algorithm], Buffer.from(key_hex, 'hex'))
    .update(Buffer.from(counter.message_hex, 'hex')).digest('hex');
  const code = core.hotp_truncate(hmac, digits);
  assert.equal(code.ok, true, JSON.stringify(code));
  return code.code;
}

describe('RFC test vectors', () => {
  // RFC 4226 Appendix D: secret "12345678901234567890", counters 0-9.
  const rfc4226 = [
    ['cc93cf18508d94934c64b65d8ba7667fb7cde4b0', '755224'], ['75a48a19d4cbe100644e8ac1397eea747a2d33ab', '287082'],
    ['0bacb7fa082fef30782211938bc1c5e70416ff44', '359152'], ['66c28227d03a2d5529262ff016a1e6ef76557ece', '969429'],
    ['a904c900a64b35909874b33e61c5938a8e15ed1c', '338314'], ['a37e783d7b7233c083d4f62926c7a25f238d0316', '254676'],
    ['bc9cd28561042c83f219324d3c607256c03272ae', '287922'], ['a4fb960c0bc06e1eabb804e5b397cdc4b45596fa', '162583'],
    ['1b3c89f65e6c9e883012052823443f048b4332db', '399871'], ['1637409809a679dc698207310c8c7fc07290d9e5', '520489'],
  ];

  test('RFC 4226 Appendix D: node computes the published HMACs and the core truncates them', () => {
    rfc4226.forEach(([hmac, code], counter) => {
      const message = Buffer.alloc(8);
      message.writeBigUInt64BE(BigInt(counter));
      assert.equal(createHmac('sha1', '12345678901234567890').update(message).digest('hex'), hmac);
      assert.deepEqual(core.hotp_truncate(hmac, 6), { ok: true, code }, `counter ${counter}`);
    });
  });

  test('RFC 6238 Appendix B: all 18 codes, SHA-1, SHA-256 and SHA-512, 8 digits', () => {
    const seed_for = { SHA1: 20, SHA256: 32, SHA512: 64 };
    const table = [
      [59, '0000000000000001', '94287082', '46119246', '90693936'],
      [1111111109, '00000000023523ec', '07081804', '68084774', '25091201'],
      [1111111111, '00000000023523ed', '14050471', '67062674', '99943326'],
      [1234567890, '000000000273ef07', '89005924', '91819424', '93441116'],
      [2000000000, '0000000003f940aa', '69279037', '90698825', '38618901'],
      [20000000000, '0000000027bc86aa', '65353130', '77737706', '47863826'],
    ];
    for (const [time, step_hex, ...codes] of table) {
      assert.deepEqual(core.totp_counter(time), { ok: true, step: Number(BigInt('0x' + step_hex)), message_hex: step_hex });
      ['SHA1', 'SHA256', 'SHA512'].forEach((algorithm, i) => {
        const key = Buffer.from('1234567890'.repeat(7).slice(0, seed_for[algorithm])).toString('hex');
        assert.equal(totp_through_core(key, time, { algorithm, digits: 8 }), codes[i], `${time} ${algorithm}`);
      });
    }
  });

  test('RFC 4648 §10: base32 with and without padding', () => {
    const vectors = [['', ''], ['f', 'MY======'], ['fo', 'MZXQ===='], ['foo', 'MZXW6==='], ['foob', 'MZXW6YQ='],
      ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI======']];
    for (const [data, base32] of vectors) {
      const hex = Buffer.from(data).toString('hex');
      assert.deepEqual(core.base32_encode(hex, { padding: true }), { ok: true, base32 });
      assert.deepEqual(core.base32_encode(hex), { ok: true, base32: base32.replaceAll('=', '') });
      assert.deepEqual(core.base32_decode(base32), { ok: true, hex });
      assert.deepEqual(core.base32_decode(base32.replaceAll('=', '').toLowerCase()), { ok: true, hex });
    }
  });
});

describe('against oathtool', () => {
  function oathtool(args) {
    const run = spawnSync('oathtool', args, { encoding: 'utf8' });
    assert.equal(run.status, 0, `oathtool ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  }

  test('random secrets and times give oathtool\'s TOTP codes', () => {
    for (let i = 0; i < 40; i++) {
      const algorithm = pick(['SHA1', 'SHA256', 'SHA512']);
      const digits = pick([6, 7, 8]);
      const period = pick([30, 30, 60, 15]);
      const key_hex = random_hex(16 + below(49));
      const time = below(4_000_000_000);
      const window = 4;
      const base32 = core.base32_encode(key_hex).base32;
      // oathtool -w prints the codes of `window` further steps too.
      const expected = oathtool([`--totp=${algorithm.toLowerCase()}`, '-b', '-N', `@${time}`, '-s', `${period}s`,
        '-d', String(digits), '-w', String(window), base32]).trim().split('\n');
      const ours = Array.from({ length: window + 1 }, (_, step) => totp_through_core(key_hex, time + step * period,
        { algorithm, digits, period }));
      assert.deepEqual(ours, expected, `${algorithm} ${digits} digits ${period}s @${time} key ${key_hex}`);
    }
  });

  test('the core\'s base32 is oathtool\'s, and reads back', () => {
    for (let length = 1; length <= 40; length++) {
      const key_hex = random_hex(length);
      const verbose = oathtool(['-v', '--totp', '-N', '@0', key_hex]);
      const oath_base32 = verbose.match(/^Base32 secret: (\S+)$/m)[1];
      assert.deepEqual(core.base32_encode(key_hex, { padding: true }), { ok: true, base32: oath_base32 }, key_hex);
      assert.deepEqual(core.base32_decode(oath_base32), { ok: true, hex: key_hex });
      const grouped = core.otpauth_uri({ issuer: 'T', account: 'a', secret_hex: random_hex(20) }).secret_text;
      assert.match(grouped, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/);
    }
  });

  test('a secret read from an otpauth URI gives oathtool\'s codes', () => {
    const built = core.otpauth_uri({ issuer: 'Twofold (Acme)', account: 'alice@acme.example', secret_hex: random_hex(20),
      algorithm: 'SHA256', digits: 8, period: 60 });
    assert.equal(built.ok, true);
    const parsed = core.otpauth_parse(built.uri);
    assert.equal(parsed.secret, built.secret);
    const time = 1_800_000_123;
    const expected = oathtool(['--totp=sha256', '-b', '-N', `@${time}`, '-s', '60s', '-d', '8', built.secret_text]).trim();
    assert.equal(totp_through_core(parsed.secret_hex, time, parsed), expected);
  });
});

describe('the JSON door', () => {
  const bad_request = { error: { code: 'bad_request', message_key: 'error.bad_request' } };

  test('otpauth URIs round-trip and refusals name their rule', () => {
    const key = { issuer: '王氏 & Co', account: 'zhang.wei@example.cn', secret_hex: random_hex(32), algorithm: 'SHA512',
      digits: 7, period: 45 };
    const built = core.otpauth_uri(key);
    assert.equal(built.ok, true);
    assert.match(built.uri, /^otpauth:\/\/totp\/%E7%8E%8B%E6%B0%8F%20%26%20Co:zhang.wei%40example.cn\?secret=[A-Z2-7]+&issuer=/);
    const { ok, secret, ...parsed } = core.otpauth_parse(built.uri);
    assert.equal(ok, true);
    assert.equal(secret, built.secret);
    assert.deepEqual(parsed, key);
    assert.deepEqual(core.otpauth_uri({ ...key, secret_hex: random_hex(15) }), { ok: false, error: 'secret_too_short' });
    assert.deepEqual(core.otpauth_uri({ ...key, algorithm: 'MD5' }), { ok: false, error: 'unsupported_algorithm' });
    assert.deepEqual(core.otpauth_parse(built.uri.replace('issuer=', 'issuer=X')), { ok: false, error: 'issuer_mismatch' });
    assert.deepEqual(core.otpauth_uri({ ...key, secret_hex: 'xyz' }), bad_request);
  });

  test('codes are normalized with field errors', () => {
    assert.deepEqual(core.normalize_code(' １２３-４５６ '), { ok: true, errors: [], code: '123456' });
    assert.deepEqual(core.normalize_code('12345'), {
      ok: false, errors: [{ field: 'code', code: 'not_six_digits', message_key: 'validation.not_six_digits' }], code: null,
    });
    assert.deepEqual(core.normalize_code(undefined).errors[0].code, 'required');
    assert.deepEqual(core.normalize_backup_code('abcd efgh ijkl mo'),
      { ok: true, errors: [], code: 'ABCDEFGH1JK1M0', display: 'ABCD-EFGH-1JK1-M0' });
    assert.equal(core.normalize_backup_code('ABCD-EFGH-JKMN-PU').errors[0].code, 'invalid_backup_code');
  });

  test('every new message key is in both catalogs', () => {
    const keys = ['field.code', 'field.backup_code', 'validation.not_digits', 'validation.not_six_digits',
      'validation.invalid_backup_code', 'backup_codes.file_title', 'backup_codes.file_usage'];
    for (const tag of ['en', 'zh-CN']) {
      const messages = read_json(`shared/i18n/${tag}.json`);
      for (const key of keys) assert.equal(typeof messages[key], 'string', `${tag} ${key}`);
    }
  });

  test('backup codes come from random bytes and go into a localized file', () => {
    const codes = Array.from({ length: 10 }, () => core.format_backup_code(random_hex(9)));
    for (const code of codes) assert.match(code.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}-[0-9A-HJKMNP-TV-Z]{2}$/);
    assert.deepEqual(core.format_backup_code(random_hex(8)), { ok: false, error: 'wrong_random_size' });
    // 2026-11-21 23:30 UTC is already 2026-11-22 in Beijing (UTC+8).
    const file = core.backup_codes_file({ language: 'zh-CN', company: 'Acme', account: 'alice', unix_time: 1_795_303_800,
      utc_offset_minutes: 480, codes: codes.map((code) => code.code) });
    assert.equal(file.ok, true);
    assert.equal(file.language, 'zh-CN');
    assert.ok(file.text.startsWith('Twofold 备用验证码\n\n公司：Acme\n账号：alice\n生成日期：2026-11-22\n\n 1. '), file.text);
    assert.ok(file.text.includes(`\n10. ${codes[9].code}\n`));
    const english = core.backup_codes_file({ company: 'Acme', account: 'alice', unix_time: 1_795_303_800, codes: [codes[0].code] });
    assert.ok(english.text.startsWith('Twofold backup codes\n\nCompany: Acme\nAccount: alice\nCreated: 2026-11-21\n\n1. '));
    assert.deepEqual(core.backup_codes_file({ company: 'A', account: 'a', unix_time: 0, codes: [] }), { ok: false, error: 'no_codes' });
    assert.deepEqual(core.backup_codes_file({ company: 'A', account: 'a', unix_time: 0, codes: ['x'] }), { ok: false, error: 'invalid_code' });
    assert.deepEqual(core.backup_codes_file({ company: 'A', account: 'a', unix_time: 0, codes: [codes[0].code], utc_offset_minutes: 1440 }), bad_request);
  });

  test('the resend countdown counts 60 seconds', () => {
    assert.deepEqual(core.resend_countdown({ now: 1000 }), { phase: 'never_sent', seconds_left: 0, can_resend: true });
    assert.deepEqual(core.resend_countdown({ last_sent: 1000, now: 1000 }), { phase: 'waiting', seconds_left: 60, can_resend: false });
    assert.deepEqual(core.resend_countdown({ last_sent: 1000, now: 1059 }), { phase: 'waiting', seconds_left: 1, can_resend: false });
    assert.deepEqual(core.resend_countdown({ last_sent: 1000, now: 1060 }), { phase: 'ready', seconds_left: 0, can_resend: true });
    assert.deepEqual(core.resend_countdown({ last_sent: 1000, now: 900 }), { phase: 'waiting', seconds_left: 60, can_resend: false });
    assert.deepEqual(core.resend_countdown({ last_sent: 1000, now: -1 }), bad_request);
    assert.deepEqual(core.resend_countdown({ last_sent: 1.5, now: 2 }), bad_request);
  });

  test('malformed requests are refused whole', () => {
    assert.deepEqual(core.hotp_truncate('zz', 6), bad_request);
    assert.deepEqual(core.hotp_truncate('00'.repeat(19), 6), { ok: false, error: 'hmac_too_short' });
    assert.deepEqual(core.hotp_truncate('00'.repeat(20), 9), { ok: false, error: 'digits_out_of_range' });
    assert.deepEqual(core.totp_counter(253_402_300_800), bad_request);
    assert.deepEqual(core.totp_counter(100, 0), { ok: false, error: 'period_out_of_range' });
    assert.deepEqual(core.base32_decode('MZXW1'), { ok: false, error: 'invalid_character' });
    assert.deepEqual(core.base32_decode(42), bad_request);
    assert.deepEqual(core.base32_encode('abc'), bad_request);
  });
});

// --- native against wasm ------------------------------------------------------

const base32_alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz= -1089!';
const code_characters = ['0', '1', '5', '9', ' ', '-', 'a', 'O', 'I', 'l', 'U', 'Z', '\u3000', '\u2013', '\uff11', '\uff0d',
  '\u00a0', '\t', '\u0661', 'é', '公', '😀', '\ud800'];
const random_string = (alphabet, max_length) => Array.from({ length: below(max_length + 1) }, () => pick(alphabet)).join('');
const random_time = () => pick([0, 1, 29, 30, 59, 60, below(2 ** 31), below(253_402_300_800), 253_402_300_799,
  253_402_300_800, -1, 1.5, '60', null]);

// Separators and case as people type them, sprinkled into a code.
const spaced_out = (code) => [...code].map((c) => pick(['', '', '', ' ', '-', '\u3000']) + pick([c, c, c.toUpperCase()])).join('');

function random_uri() {
  const built = core.otpauth_uri({ issuer: random_string(['T', 'w', ' ', '&', ':', '王', '%', '+'], 8) || 'T',
    account: random_string(['a', '@', '.', ' ', ':', 'é', '/'], 8), secret_hex: random_hex(pick([10, 16, 20, 32])),
    algorithm: pick(['SHA1', 'sha256', 'SHA512', 'MD5']), digits: pick([5, 6, 7, 8, 9]), period: pick([0, 30, 60, 86401]) });
  const uri = built.ok ? built.uri : `otpauth://totp/T:a?secret=${core.base32_encode(random_hex(20)).base32}`;
  // Mangle it a little: drop, double or swap a piece.
  switch (below(6)) {
    case 0: return uri.slice(0, below(uri.length));
    case 1: return uri + pick(['&digits=8', '&issuer=T', '#x', '&image=a%2Fb', '%', '&period=007']);
    case 2: return uri.replace(pick(['totp', 'otpauth', 'SHA1', '%20', ':', '?']), pick(['hotp', 'TOTP', 'x', '', '%3A']));
    default: return uri;
  }
}

function random_request() {
  switch (below(12)) {
    case 0: return ['base32_encode', { hex: pick([random_hex(below(70)), 'abc', 'zz', 7]), padding: pick([true, false, undefined, 1]) }];
    case 1: return ['base32_decode', { base32: pick([random_string(base32_alphabet, 40), core.base32_encode(random_hex(below(40))).base32, 5]) }];
    case 2: return ['otpauth_uri', { issuer: 'T' + random_string(['A', ' ', '王', '&', pick(['', ':', '\n'])], 6),
      account: 'a' + random_string(['b', '@', '.', pick(['', ':', '\u0000'])], 6),
      secret_hex: random_hex(pick([20, 32, below(40)])), algorithm: pick(['SHA1', 'SHA256', 'sha512', '', 'SHA3', undefined]),
      digits: pick([6, 8, 9, -1, 2 ** 40, '6', undefined]), period: pick([30, 0, 86400, 86401, -5, 2 ** 63, undefined]) }];
    case 3: return ['otpauth_parse', { uri: random_uri() }];
    case 4: return ['hotp_truncate', { hmac_hex: random_hex(pick([0, 19, 20, 32, 64, below(80)])), digits: pick([5, 6, 7, 8, 9, 2 ** 53, '8']) }];
    case 5: return ['totp_counter', { unix_time: random_time(), period: pick([30, 60, 1, 0, -30, 2 ** 40, undefined]) }];
    case 6: return ['normalize_code', { code: pick([random_string(code_characters, 10), spaced_out(random_string('0123456789', 7))]) }];
    case 7: return ['normalize_backup_code', { code: pick([random_string(code_characters.concat(['A', 'b', 'K', 'u', 'Y']), 20),
      spaced_out(core.format_backup_code(random_hex(9)).code.toLowerCase())]) }];
    case 8: return ['format_backup_code', { random_hex: random_hex(pick([9, 9, 9, 8, 10, 0])) }];
    case 9: return ['backup_codes_file', { language: pick(['en', 'zh-CN', 'fr', undefined]), product: pick(['Twofold', '', undefined]),
      company: random_string(['A', 'c', ' ', '公'], 8), account: random_string(['a', '.', 'é'], 8), unix_time: random_time(),
      utc_offset_minutes: pick([0, 480, -300, 1439, -1439, 1440, undefined]),
      codes: Array.from({ length: below(12) }, () => pick([core.format_backup_code(random_hex(9)).code, random_string(code_characters, 16)])) }];
    case 10: return ['resend_countdown', { last_sent: random_time(), now: random_time() }];
    default: return [pick(['totp', 'hotp', 'totp_verify', 'base32']), {}];
  }
}

function native_answers(requests) {
  const input = requests.map(({ name, bytes }) => JSON.stringify({ function: name, request_hex: bytes.toString('hex') })).join('\n') + '\n';
  const run = spawnSync(core_cli(), { input, maxBuffer: 1 << 30 });
  assert.equal(run.status, 0, `twofold-core-cli failed: ${run.stderr}`);
  return run.stdout.toString('utf8').split('\n').slice(0, -1);
}

test(`native and wasm give identical OTP answers (seed ${seed}, ${random_cases} random requests)`, () => {
  const requests = Array.from({ length: random_cases }, () => {
    const [name, request] = random_request();
    return { name, bytes: Buffer.from(JSON.stringify(request)) };
  });
  const native = native_answers(requests);
  assert.equal(native.length, requests.length, 'one native answer per request');
  const mismatches = [];
  const outcomes = new Map();
  requests.forEach(({ name, bytes }, i) => {
    const wasm = Buffer.from(call_core_bytes(module, name, bytes)).toString('utf8');
    if (wasm !== native[i]) mismatches.push(`#${i} ${name} ${bytes}\n  native ${native[i]}\n  wasm   ${wasm}`);
    const answer = JSON.parse(wasm);
    const outcome = answer.error?.code ?? (answer.ok === undefined ? 'answered' : answer.ok ? 'ok' : answer.error ?? 'refused');
    const key = `${name}:${outcome}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  });
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} mismatches (TWOFOLD_OTP_SEED=${seed})`);
  // The random requests must reach both success and refusal, or the diff proves little.
  for (const name of ['base32_encode', 'base32_decode', 'otpauth_uri', 'otpauth_parse', 'hotp_truncate', 'totp_counter',
    'normalize_code', 'normalize_backup_code', 'format_backup_code', 'backup_codes_file']) {
    assert.ok(outcomes.get(`${name}:ok`) > 0, `${name} never succeeded: ${JSON.stringify([...outcomes])}`);
    const refusals = [...outcomes.keys()].filter((key) => key.startsWith(`${name}:`) && key !== `${name}:ok`);
    assert.ok(refusals.length > 0, `${name} was never refused: ${JSON.stringify([...outcomes])}`);
  }
  assert.ok(outcomes.get('resend_countdown:answered') > 0);
  assert.ok(outcomes.get('totp:unknown_function') > 0);
});
