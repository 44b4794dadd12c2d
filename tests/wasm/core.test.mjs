// The wasm core under node, through the same wrapper the web app uses
// (www/js/core_api.js): the shared vectors, the catalog and the loader.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { callCoreBytes, format, loadCore, wrapCore } from '../../www/js/core_api.js';
import {
  coreDir, coreFactory, coreWasmBytes, loadModule, rawSignInRequest, readJson, signInVectors, utf8OrNull,
} from './core_module.mjs';

const badRequest = { error: { code: 'bad_request', message_key: 'error.bad_request' } };

let module;
let core;
before(async () => {
  module = await loadModule();
  core = wrapCore(module);
});

describe('validateSignIn', () => {
  test('answers every shared vector', () => {
    const vectors = signInVectors();
    assert.ok(vectors.length >= 100);
    for (const { name, form, expect } of vectors) {
      const texts = Object.fromEntries(Object.entries(form).map(([field, bytes]) => [field, utf8OrNull(bytes)]));
      if (Object.values(texts).every((text) => text !== null)) {
        assert.deepEqual(core.validateSignIn(texts), expect, name);
      } else {
        // JSON cannot carry invalid UTF-8: the core refuses such a request whole.
        const answer = callCoreBytes(module, 'validate_sign_in', rawSignInRequest(form));
        assert.deepEqual(JSON.parse(Buffer.from(answer).toString('utf8')), badRequest, name);
      }
    }
  });

  test('reads missing fields as empty', () => {
    const answer = core.validateSignIn({ account: 'alice' });
    assert.deepEqual(answer.errors.map((error) => error.field), ['company', 'password']);
  });

  test('refuses a lone surrogate, which JSON.stringify escapes but UTF-8 cannot hold', () => {
    assert.deepEqual(core.validateSignIn({ company: 'Acme\ud800', account: 'alice', password: 'pw' }), badRequest);
  });

  test('gets the core\'s too_large answer for a huge paste instead of overflowing the stack', () => {
    const tooLarge = { error: { code: 'too_large', message_key: 'error.bad_request' } };
    assert.deepEqual(core.validateSignIn({ company: 'Acme', account: 'alice', password: 'p'.repeat(70_000) }), tooLarge);
    assert.deepEqual(core.validateSignIn({ company: 'Acme', account: 'alice', password: '密'.repeat(4_000_000) }), tooLarge);
    assert.equal(core.validateSignIn({ company: 'Acme', account: 'alice', password: 'pw' }).ok, true);
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
      assert.deepEqual(catalog.messages, readJson(`shared/i18n/${tag}.json`), tag);
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
    assert.deepEqual(core.catalog(42), badRequest);
  });
});

describe('loadCore', () => {
  test('instantiates the page\'s TwofoldCore factory with the wasm file under /core/', async () => {
    const requested = [];
    globalThis.TwofoldCore = (options) => {
      requested.push(options.locateFile('twofold_core.wasm'));
      return coreFactory()({ ...options, wasmBinary: coreWasmBytes() });
    };
    try {
      const loaded = await loadCore();
      assert.deepEqual(requested, ['/core/twofold_core.wasm']);
      assert.equal(loaded.catalog('zh-CN').messages['sign_in.title'], '登录');
    } finally {
      delete globalThis.TwofoldCore;
    }
  });

  test('rejects when the core script was not loaded', async () => {
    await assert.rejects(loadCore(), /twofold_core\.js/);
  });
});

describe('the module script', () => {
  test('needs no eval or new Function, which the CSP (script-src \'self\' \'wasm-unsafe-eval\') forbids', () => {
    const script = readFileSync(path.join(coreDir(), 'twofold_core.js'), 'utf8');
    assert.doesNotMatch(script, /\beval\s*\(/);
    assert.doesNotMatch(script, /\bnew\s+Function\b/);
    assert.doesNotMatch(script, /[^.\w]Function\s*\(/);
  });
});

describe('format', () => {
  test('fills placeholders', () => {
    assert.equal(format('Signed in as {name}', { name: 'Ann' }), 'Signed in as Ann');
    assert.equal(format('尝试次数过多，请在 {seconds} 秒后重试。', { seconds: 30 }), '尝试次数过多，请在 30 秒后重试。');
    assert.equal(format('{a}{b}{a}', { a: 1, b: 2 }), '121');
  });

  test('leaves placeholders without values as written', () => {
    assert.equal(format('{field} is required.'), '{field} is required.');
    assert.equal(format('{field} is required.', { other: 'x' }), '{field} is required.');
    assert.equal(format('{toString} {constructor}', {}), '{toString} {constructor}');
  });

  test('inserts values literally', () => {
    assert.equal(format('{x}', { x: '$& $1 {y}' }), '$& $1 {y}');
    assert.equal(format('{ x } {x-y} {}', { x: 1 }), '{ x } {x-y} {}');
  });
});
