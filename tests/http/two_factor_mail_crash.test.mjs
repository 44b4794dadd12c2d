// A code mail committed while the mail server is down survives a crash of
// the server (SIGKILL): after a restart on the same data directory, the
// outbox delivers it once the mail server is back, and the code still works.
//
// The failed attempt scheduled a retry 30 s later (mail_retry.hpp), but a
// restart makes what the server held in its outbox due at once
// (storage::release_unsent_mail): the mail must arrive well before that
// retry would have fallen due. The restart listens on the same port, so it
// is the same claimer (mail/outbox_claimer.hpp).
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {test} from 'node:test';

import {six_digit_code} from '../support/mail.mjs';
import {client, fresh_data_dir, sign_in_as} from '../support/server.mjs';
import {free_loopback_port, start_smtp_sink} from '../support/smtp_sink.mjs';
import {start_two_factor_server} from '../support/two_factor.mjs';


function smtp_args(port) {
  return ['--mail-transport', 'smtp', '--smtp-url', `smtp://127.0.0.1:${port}`];
}

test('a code mail committed before a crash is delivered after the restart', async (t) => {
  const data_dir = await fresh_data_dir();
  const running = {first: null, sink: null, second: null};
  // Servers first, then the folder they write to.
  t.after(async () => {
    await running.first?.stop('SIGKILL');
    const second_exit = await running.second?.stop();
    await running.sink?.stop();
    await rm(data_dir, {recursive: true, force: true});
    if (running.second) assert.equal(second_exit, 0, 'the restarted server exits cleanly');
  });
  const smtp_port = await free_loopback_port();  // nothing listens there yet
  const port = await free_loopback_port();

  const first = running.first = await start_two_factor_server({data_dir, port, args: smtp_args(smtp_port)});
  const {demo} = first;
  const browser = client(first.url);
  assert.equal((await sign_in_as(browser, demo, 'admin')).status, 200);
  const setup = await browser.post('/api/me/two-factor/email');
  assert.equal(setup.status, 200, setup.text);
  browser.close();

  // The request committed the mail; the sender tried and failed.
  const failed = await first.wait_for_log((line) => line.event === 'mail.failed');
  assert.equal(failed.attempts, 1, JSON.stringify(failed));
  assert.ok(failed.retry_in_s > 0, JSON.stringify(failed));
  assert.equal(await first.stop('SIGKILL'), null, 'killed, not exited');
  assert.equal(first.logs.filter((line) => line.event === 'mail.sent').length, 0);

  const sink = running.sink = await start_smtp_sink({port: smtp_port});
  const second = running.second = await start_two_factor_server({data_dir, port, args: smtp_args(smtp_port)});
  assert.equal(second.demo, null, 'the same database');

  const mail = await sink.inbox.next({to: demo.admin.email, timeout_ms: (failed.retry_in_s * 1000) / 2});
  const sent = await second.wait_for_log((line) => line.event === 'mail.sent');
  assert.equal(sent.outbox_id, failed.outbox_id, 'the message from before the crash');
  assert.equal((await sink.inbox.all()).length, 1, 'delivered once');

  // The mailed code still confirms the setup started before the crash.
  const again = client(second.url);
  assert.equal((await sign_in_as(again, demo, 'admin')).status, 200);
  const confirmed = await again.post('/api/me/two-factor/confirm', {json: {code: six_digit_code(mail.text)}});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.method, 'email');
  again.close();
});
