// The SMS gateway's options are checked at start: the secret never on the
// command line (every user of the machine sees it there), an http gateway
// with a URL it may use and a body template with {to} and {text} in their
// places; --help lists them.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {run_server_command} from '../support/server.mjs';

test('--help lists the SMS options', async () => {
  const {code, stdout} = await run_server_command(['--help']);
  assert.equal(code, 0);
  for (const option of ['sms-transport', 'sms-gateway-url', 'sms-gateway-content-type', 'sms-gateway-body',
    'sms-gateway-auth-header', 'sms-gateway-auth']) {
    assert.match(stdout, new RegExp(`--${option}\\b`), option);
  }
});

test('the gateway\'s secret on the command line is refused, naming the environment variable', async () => {
  const {code, stdout, stderr} = await run_server_command(['--sms-gateway-auth', 'Bearer s3cret']);
  assert.notEqual(code, 0);
  assert.match(stderr, /TWOFOLD_SMS_GATEWAY_AUTH/);
  assert.doesNotMatch(stdout + stderr, /s3cret/, 'the secret is not echoed');
});

test('an http gateway needs a usable URL and a template with {to} and {text} inside strings', async () => {
  for (const [args, complaint] of [
    [['--sms-transport', 'http'], /--sms-gateway-url/],
    [['--sms-transport', 'http', '--sms-gateway-url', 'http://sms.example/send'], /--sms-gateway-url/],
    [['--sms-transport', 'http', '--sms-gateway-url', 'https://sms.example/send', '--sms-gateway-body', '{"to":"{to}"}'],
      /--sms-gateway-body must contain \{to\} and \{text\}/],
    [['--sms-transport', 'http', '--sms-gateway-url', 'https://sms.example/send', '--sms-gateway-body', '{"to":{to},"text":"{text}"}'],
      /JSON object/],
    [['--sms-transport', 'carrier-pigeon'], /--sms-transport must be file or http/],
  ]) {
    const {code, stdout, stderr} = await run_server_command(args);
    assert.notEqual(code, 0, args.join(' '));
    assert.match(stderr, complaint, args.join(' '));
    assert.doesNotMatch(stdout, /server\.listening/);
  }
});
