// The wasm core under node, through the same wrapper the web app uses
// (www/js/core_api.js): the shared vectors, the catalog, message formatting,
// the backup codes status and the loader.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { call_core_bytes, load_core, wrap_core } from '../../www/js/core_api.js';
import {
  core_dir, core_factory, core_wasm_bytes, load_module, raw_sign_in_request, read_json, sign_in_vectors, utf8_or_null,
} from './core_module.mjs';

const bad_request = { error: { code: 'bad_request', message_key: 'error.bad_request' } };

let module;
let core;
before(async () => {
  module = await load_module();
  core = wrap_core(module);
});

describe('validate_new_password', () => {
  test('answers every shared vector (tests/vectors/new_password.json)', () => {
    const { cases } = read_json('tests/vectors/new_password.json');
    assert.ok(cases.length >= 20);
    for (const { name, request, expect } of cases) {
      assert.deepEqual(core.validate_new_password(request), expect, name);
    }
  });
});

describe('validateSignIn', () => {
  test('answers every shared vector', () => {
    const vectors = sign_in_vectors();
    assert.ok(vectors.length >= 100);
    for (const { name, form, expect } of vectors) {
      const texts = Object.fromEntries(Object.entries(form).map(([field, bytes]) => [field, utf8_or_null(bytes)]));
      if (Object.values(texts).every((text) => text !== null)) {
        assert.deepEqual(core.validate_sign_in(texts), expect, name);
      } else {
        // JSON cannot carry invalid UTF-8: the core refuses such a request whole.
        const answer = call_core_bytes(module, 'validate_sign_in', raw_sign_in_request(form));
        assert.deepEqual(JSON.parse(Buffer.from(answer).toString('utf8')), bad_request, name);
      }
    }
  });

  test('reads missing fields as empty', () => {
    const answer = core.validate_sign_in({ account: 'alice' });
    assert.deepEqual(answer.errors.map((error) => error.field), ['company', 'password']);
  });

  test('refuses a lone surrogate, which JSON.stringify escapes but UTF-8 cannot hold', () => {
    assert.deepEqual(core.validate_sign_in({ company: 'Acme\ud800', account: 'alice', password: 'pw' }), bad_request);
  });

  test('gets the core\'s too_large answer for a huge paste instead of overflowing the stack', () => {
    const too_large = { error: { code: 'too_large', message_key: 'error.bad_request' } };
    assert.deepEqual(core.validate_sign_in({ company: 'Acme', account: 'alice', password: 'p'.repeat(70_000) }), too_large);
    assert.deepEqual(core.validate_sign_in({ company: 'Acme', account: 'alice', password: '密'.repeat(4_000_000) }), too_large);
    assert.equal(core.validate_sign_in({ company: 'Acme', account: 'alice', password: 'pw' }).ok, true);
  });
});

describe('catalog and languages', () => {
  test('lists the supported languages', () => {
    assert.deepEqual(core.languages(), {
      languages: [{ tag: 'en', native_name: 'English' }, { tag: 'zh-CN', native_name: '简体中文' }],
      default: 'en',
    });
  });

  test('gives each language exactly its catalog file\'s texts', () => {
    for (const { tag } of core.languages().languages) {
      const catalog = core.catalog(tag);
      assert.equal(catalog.language, tag);
      assert.deepEqual(catalog.messages, read_json(`shared/i18n/${tag}.json`), tag);
    }
  });

  test('matches tags ignoring case and falls back to English for unsupported ones', () => {
    assert.equal(core.catalog('ZH-cn').language, 'zh-CN');
    assert.equal(core.catalog('zh-Hans-SG').language, 'zh-CN');
    assert.equal(core.catalog('en-GB').language, 'en');
    assert.equal(core.catalog('zh-TW').language, 'en');
    assert.equal(core.catalog('fr').language, 'en');
    assert.equal(core.catalog(undefined).language, 'en');
  });

  test('refuses a language that is not a string', () => {
    assert.deepEqual(core.catalog(42), bad_request);
  });
});

describe('loadCore', () => {
  test('instantiates the page\'s TwofoldCore factory with the wasm file under /core/', async () => {
    const requested = [];
    globalThis.TwofoldCore = (options) => {
      requested.push(options.locateFile('twofold_core.wasm'));
      return core_factory()({ ...options, wasmBinary: core_wasm_bytes() });
    };
    try {
      const loaded = await load_core();
      assert.deepEqual(requested, ['/core/twofold_core.wasm']);
      assert.equal(loaded.catalog('zh-CN').messages['sign_in.title'], '登录');
    } finally {
      delete globalThis.TwofoldCore;
    }
  });

  test('rejects when the core script was not loaded', async () => {
    await assert.rejects(load_core(), /twofold_core\.js/);
  });
});

describe('the module script', () => {
  test('needs no eval or new Function, which the CSP (script-src \'self\' \'wasm-unsafe-eval\') forbids', () => {
    const script = readFileSync(path.join(core_dir(), 'twofold_core.js'), 'utf8');
    assert.doesNotMatch(script, /\beval\s*\(/);
    assert.doesNotMatch(script, /\bnew\s+Function\b/);
    assert.doesNotMatch(script, /[^.\w]Function\s*\(/);
  });
});

describe('format_message', () => {
  test('formats a catalog text by the language\'s plural rules', () => {
    const warning = (language, count) => core.format_message({ language, key: 'error.lock_warning', args: { count } });
    assert.deepEqual(warning('en', 1), { language: 'en', text: 'You have 1 login attempt before your account is locked.' });
    assert.deepEqual(warning('en', 2), { language: 'en', text: 'You have 2 login attempts before your account is locked.' });
    assert.deepEqual(warning('zh-cn', 1), { language: 'zh-CN', text: '您还有 1 次登录尝试机会，之后账号将被锁定。' });
    assert.deepEqual(warning('fr', '1'), warning('en', 1), 'decimal strings count; unknown languages get English');
  });

  test('formats a pattern: exact matches, categories and #', () => {
    const pattern = '{n, plural, =0 {no days} one {# day} other {# days}} for {who}';
    const days = (n) => core.format_message({ language: 'en', pattern, args: { n, who: 'Ann' } }).text;
    assert.deepEqual([0, 1, 2, 21, -1, '1', 'x'].map(days),
      ['no days for Ann', '1 day for Ann', '2 days for Ann', '21 days for Ann', '-1 day for Ann', '1 day for Ann',
        'x days for Ann']);
  });

  test('leaves missing values and malformed patterns as written, and inserts values literally', () => {
    const format = (pattern, args) => core.format_message({ pattern, args }).text;
    assert.equal(format('{field} is required.'), '{field} is required.');
    assert.equal(format('{toString} {constructor}', {}), '{toString} {constructor}');
    assert.equal(format('{x}', { x: '$& $1 {y}' }), '$& $1 {y}');
    assert.equal(format('{a}{b}{a}', { a: 1, b: 2 }), '121');
    for (const malformed of ['{x', 'x}', '{x-y}', '{}', '{n, plural, one {x}}', '{n, select, other {x}}',
      '{n, plural, other {x} junk}']) {
      assert.equal(format(malformed, { n: 1, x: 2 }), malformed);
    }
  });

  test('refuses requests of the wrong shape', () => {
    for (const request of [{}, { language: 'en' }, { key: 'a', pattern: 'b' }, { key: 1 }, { key: 'a', language: 1 },
      { key: 'a', args: [] }, { key: 'a', args: null }, { key: 'a', args: { n: 1.5 } }, { key: 'a', args: { n: true } },
      { key: 'a', args: { n: null } }, { key: 'a', args: { n: [1] } }, { key: 'a', args: { n: 2 ** 63 } }]) {
      assert.deepEqual(core.format_message(request), bad_request, JSON.stringify(request));
    }
  });
});

describe('catalog.format', () => {
  test('fills the catalog\'s texts in its language', () => {
    const english = core.catalog('en');
    const chinese = core.catalog('zh-CN');
    assert.equal(english.format('console.signed_in_as', { name: 'Ann' }), 'Signed in as Ann');
    assert.equal(english.format('error.account_locked_timed', { minutes: 1 }),
      'Your account is locked after too many wrong codes. Please try again in 1 minute.');
    assert.equal(chinese.format('error.too_many_attempts', { seconds: 30 }), '尝试次数过多，请在 30 秒后重试。');
    assert.equal(chinese.format('backup_codes.ui_status', { unused: 3, total: 10 }), '共 10 个验证码，3 个未使用');
  });

  test('leaves placeholders without values as written and gives unknown keys as they are', () => {
    const english = core.catalog('en');
    assert.equal(english.format('validation.required'), '{field} is required.');
    assert.equal(english.format('validation.required', { other: 'x', field: undefined }), '{field} is required.');
    assert.equal(english.format('no.such.key', { name: 'Ann' }), 'no.such.key');
  });

  test('gives the text unformatted when the core refuses a value', () => {
    assert.equal(core.catalog('en').format('console.signed_in_as', { name: null }), 'Signed in as {name}');
    assert.equal(core.catalog('en').format('no.such.key', { n: 0.5 }), 'no.such.key');
  });
});

describe('backup_codes_status', () => {
  test('runs low at two unused codes or fewer, with the status line', () => {
    assert.deepEqual(core.backup_codes_status({ unused: 2, total: 10 }),
      { language: 'en', running_low: true, text: '2 of 10 codes unused' });
    assert.deepEqual(core.backup_codes_status({ language: 'zh-CN', unused: 3, total: 10 }),
      { language: 'zh-CN', running_low: false, text: '共 10 个验证码，3 个未使用' });
    assert.deepEqual([0, 1, 2, 3, 10].map((unused) => core.backup_codes_status({ unused, total: 10 }).running_low),
      [true, true, true, false, false]);
    assert.equal(core.backup_codes_status({ unused: 1, total: 1 }).text, '1 of 1 code unused');
  });

  test('refuses counts that are missing, negative, not integers or more unused than in all', () => {
    for (const request of [{}, { unused: 1 }, { total: 1 }, { unused: 3, total: 2 }, { unused: -1, total: 2 },
      { unused: 1.5, total: 2 }, { unused: '1', total: 2 }, { unused: 1, total: 2 ** 31 }]) {
      assert.deepEqual(core.backup_codes_status(request), bad_request, JSON.stringify(request));
    }
  });
});
