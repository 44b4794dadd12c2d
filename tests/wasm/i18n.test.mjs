// The page's texts (www/js/i18n.js) in node, with a stand-in for the few
// document features it uses: the markup's English until a catalog from the
// wasm core is applied, then the core's formatted texts in that language.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { wrap_core } from '../../www/js/core_api.js';
import { load_module } from './core_module.mjs';

function element(dataset, text_content = '') {
  return {
    dataset, textContent: text_content, title: '', attributes: {},
    setAttribute(name, value) { this.attributes[name] = value; },
  };
}

const heading = element({ i18n: 'sign_in.title' }, 'Sign in');
const notice = element({ i18n: 'backup_codes.ui_low' }, 'Only {count} unused backup codes left. Generate new ones.');
const close = element({ i18nLabel: 'admin.close' });
const elements = { '[data-i18n]': [heading, notice], '[data-i18n-label]': [close] };

globalThis.document = {
  documentElement: { lang: 'en' },
  body: { dataset: { titleKey: 'sign_in.title' } },
  title: '',
  querySelectorAll: (selector) => elements[selector] ?? [],
};
const { apply_catalog, current_language, text } = await import('../../www/js/i18n.js');

let core;
before(async () => {
  core = wrap_core(await load_module());
});

describe('text', () => {
  test('before a catalog is applied, gives the markup\'s English with placeholders as written', () => {
    assert.equal(text('sign_in.title'), 'Sign in');
    assert.equal(text('backup_codes.ui_low', { count: 1 }), 'Only {count} unused backup codes left. Generate new ones.');
    assert.equal(text('no.such.key', { count: 1 }), 'no.such.key');
  });

  test('once a catalog is applied, fills values and plurals through the core in its language', () => {
    apply_catalog(core.catalog('en'));
    assert.equal(text('backup_codes.ui_low', { count: 1 }), 'Only 1 unused backup code left. Generate new ones.');
    assert.equal(text('backup_codes.ui_low', { count: 0 }), 'No unused backup codes left. Generate new ones.');
    assert.equal(text('verify.remember', { days: 30 }), 'Don\'t ask again for 30 days on this browser');
    assert.equal(text('admin.policy_skip_days', { days: '1' }), 'Allow agents to skip 2FA for 1 day', 'numbers from the markup');

    apply_catalog(core.catalog('zh-CN'));
    assert.equal(current_language(), 'zh-CN');
    assert.equal(text('backup_codes.ui_low', { count: 1 }), '仅剩 1 个未使用的备用验证码，请生成新的验证码。');
    assert.equal(heading.textContent, '登录');
    assert.equal(close.attributes['aria-label'], core.catalog('zh-CN').messages['admin.close']);
    assert.equal(document.title, '登录 – Twofold');
  });
});
