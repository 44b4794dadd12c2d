// The answers a failed sign-in gets: one generic 401 whatever was wrong,
// 400 with the fields for an invalid form, 400 for a body that is not JSON.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {client, fast_hash_args, repo_root, start_server} from '../support/server.mjs';

const catalog = async (language) => JSON.parse(await readFile(path.join(repo_root, 'shared/i18n', `${language}.json`), 'utf8'));

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

test('unknown company, unknown account and wrong password get the very same 401', async () => {
  const {company, admin} = server.demo;
  const attempts = {
    'unknown company': {company: 'No Such Company', account: admin.account, password: admin.password},
    'unknown account': {company, account: 'nobody', password: admin.password},
    'wrong password': {company, account: admin.account, password: `${admin.password}x`},
  };
  // Each from a new browser: each gets the same device cookie, and nothing else.
  const answers = {};
  for (const [name, form] of Object.entries(attempts)) {
    const browser = client(server.url);
    answers[name] = await browser.post('/api/session', {json: form});
    assert.deepEqual([...browser.cookies.keys()], ['twofold_device'], name);
    browser.close();
  }

  const english = await catalog('en');
  for (const [name, answer] of Object.entries(answers)) {
    assert.equal(answer.status, 401, `${name}: ${answer.text}`);
    assert.deepEqual(answer.json, {
      error: {code: 'sign_in_failed', message_key: 'error.sign_in_failed', message: english['error.sign_in_failed']},
      flow: {state: 'password'},
    });
    assert.deepEqual(answer.set_cookies.map(({name: cookie, attributes}) => [cookie, attributes]),
      answers['wrong password'].set_cookies.map(({name: cookie, attributes}) => [cookie, attributes]),
      `${name} must set no other cookie`);
    assert.deepEqual(answer.set_cookies.map(({name: cookie}) => cookie), ['twofold_device'], `${name}: no session`);
    assert.equal(answer.text, answers['wrong password'].text, `${name} must be indistinguishable`);
  }
});

test('the failure message follows Accept-Language', async () => {
  const chinese = await catalog('zh-CN');
  const browser = client(server.url);
  const answer = await browser.post('/api/session', {
    json: {company: 'No Such Company', account: 'nobody', password: 'wrong'},
    headers: {'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5'},
  });
  assert.equal(answer.status, 401);
  assert.equal(answer.json.error.message, chinese['error.sign_in_failed']);
  browser.close();
});

test('an empty form is 400 validation_failed naming every field', async () => {
  const browser = client(server.url);
  for (const form of [{company: '', account: '', password: ''}, {}]) {
    const answer = await browser.post('/api/session', {json: form});
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.json.error.code, 'validation_failed');
    assert.equal(answer.json.error.message_key, 'error.validation_failed');
    assert.deepEqual(answer.json.error.fields, ['company', 'account', 'password'].map((field) => ({
      field, code: 'required', message_key: 'validation.required',
    })));
  }
  browser.close();
});

test('an account that is neither a username nor an email address is named', async () => {
  const browser = client(server.url);
  const answer = await browser.post('/api/session', {json: {company: 'Demo', account: 'not valid!', password: 'x'}});
  assert.equal(answer.status, 400, answer.text);
  assert.deepEqual(answer.json.error.fields, [{field: 'account', code: 'invalid_account', message_key: 'validation.invalid_account'}]);
  browser.close();
});

test('a body that is not JSON is 400 malformed_json', async () => {
  const browser = client(server.url);
  for (const body of ['{"company":', 'company=Demo&account=admin', '']) {
    const answer = await browser.post('/api/session', {body, headers: {'content-type': 'application/json'}});
    assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
    assert.equal(answer.json.error.code, 'malformed_json');
    assert.equal(answer.json.error.fields, undefined);
  }
  browser.close();
});
