// Two servers on one database (tests/support/instances.mjs), both sending
// the one mail outbox to a real SMTP server (tests/support/smtp_sink.mjs):
// 100 mails queued, one server killed (SIGKILL) while they are being
// delivered, and every mail still arrives, once. Each sender claims one
// mail at a time, leased for the SMTP timeout and a margin
// (mail/outbox_sender.hpp); a short --smtp-timeout here lets the survivor
// take over the killed server's claimed mail soon after the kill.
import assert from 'node:assert/strict';
import {readdir} from 'node:fs/promises';
import {test} from 'node:test';

import {close_all, instances_for_test, same_browser_on} from '../support/instances.mjs';
import {when_folder_has} from '../support/mail.mjs';
import {start_smtp_sink} from '../support/smtp_sink.mjs';
import {catalog_text, listed_user_id, signed_in_client, with_app_on} from '../support/two_factor.mjs';

const mail_count = 100;
// The mails delivered before the kill: some, far from all.
const killed_after = 10;
// How long the survivor may take to deliver what the killed server had
// claimed but not sent: it must not wait for the killed server's return.
const takeover_ms = 60_000;
// The SMTP conversation's limit, and so the claim's lease (plus a margin):
// well inside takeover_ms, well beyond a conversation with the sink here.
const smtp_timeout_s = 10;

// Resolves once the sink holds at least `count` messages (files counted,
// not parsed: the sink stops soon after).
function when_sink_counts(sink, count) {
  return when_folder_has(sink.folder, async () => {
    const received = (await readdir(sink.folder)).filter((name) => name.endsWith('.eml')).length;
    return received >= count ? received : undefined;
  }, {timeout_ms: 20_000, describe: () => `${count} mails delivered`});
}

// Message-ID -> how many times it arrived.
function arrivals(mails) {
  const count = new Map();
  for (const {message_id} of mails) count.set(message_id, (count.get(message_id) ?? 0) + 1);
  return count;
}

// What the outbox still holds unsent, by whom and until when: the claim's
// lease of the killed server, when the survivor cannot take it over.
async function what_waits(group) {
  const now = Math.floor(Date.now() / 1000);
  const rows = await group.rows(
    'SELECT id, attempts, next_attempt_at, claimed_by FROM mail_outbox WHERE sent_at IS NULL ORDER BY id');
  const held = rows.map((row) =>
    `#${row.id} due in ${row.next_attempt_at - now} s (attempts ${row.attempts}, claimed by ${row.claimed_by})`);
  return `${rows.length} unsent: ${held.join(', ')}`;
}

test('100 mails, both servers sending, one killed midway: each mail delivered exactly once', async (t) => {
  const sink = await start_smtp_sink();
  t.after(() => sink.stop());
  const group = await instances_for_test(t, {
    args: ['--mail-transport', 'smtp', '--smtp-url', sink.url, '--smtp-timeout', String(smtp_timeout_s)],
  });
  const [a, b] = group.instances;
  const {user} = await with_app_on(a, 'agent');
  const admin = await signed_in_client(a, 'admin');
  const admins = [admin, same_browser_on(b, admin)];
  const agent_id = await listed_user_id(admin, user.account);
  const subject = catalog_text('en', 'mail.admin_code.subject');

  // Each one-time code an administrator makes for the agent is mailed to
  // the agent: 100 codes, asked of both servers in turn, queue 100 mails,
  // both senders woken. The mail server holds them until all are queued.
  sink.pause();
  const made = await Promise.all(Array.from({length: mail_count}, (_, i) =>
    admins[i % admins.length].post(`/api/admin/users/${agent_id}/backup-code`)));
  assert.deepEqual([...new Set(made.map((answer) => answer.status))], [200], made.find((answer) => answer.status !== 200)?.text);
  const queued = await group.rows(`SELECT id FROM mail_outbox WHERE subject = '${subject.replaceAll("'", "''")}'`);
  assert.equal(queued.length, mail_count, '100 mails queued');
  sink.resume();

  // Kill a server in the middle of the deliveries: the mail server stops
  // answering once some have arrived, so each sender is held inside a
  // conversation, and goes on once one of them is killed.
  await when_sink_counts(sink, killed_after);
  sink.pause();
  const sending = a.logs.some((line) => line.event === 'mail.sent') ? a : b;
  await group.kill(sending);
  const received_at_kill = (await readdir(sink.folder)).filter((name) => name.endsWith('.eml')).length;
  sink.resume();
  assert.ok(received_at_kill < mail_count, `killed midway: ${received_at_kill} of ${mail_count} had arrived`);
  const [survivor] = group.instances.filter((instance) => instance !== sending);

  // Every mail is marked sent, those the killed server had claimed by the
  // survivor, each logged by the server that sent it once its mail server
  // took the message (the sink keeps one file per SMTP transaction).
  const sent = new Set((await group.rows('SELECT id FROM mail_outbox WHERE sent_at IS NOT NULL')).map((row) => row.id));
  await survivor.wait_for_log((line) => {
    if (line.event === 'mail.sent') sent.add(line.outbox_id);
    return queued.every(({id}) => sent.has(id));
  }, {timeout_ms: takeover_ms}).catch(async () => {
    assert.fail(`not every mail sent ${takeover_ms / 1000} s after the kill; ${await what_waits(group)}`);
  });
  assert.ok(survivor.logs.some((line) => line.event === 'mail.sent'), 'the survivor sent mail');
  const all = (await sink.inbox.all()).filter((mail) => mail.subject === subject);
  assert.equal(arrivals(all).size, mail_count, 'every mail arrived');

  // Once each. The one exception a crash allows (mail/outbox_sender.hpp):
  // the message the killed server had handed to the mail server but not yet
  // marked sent may arrive again, with the same Message-ID.
  const twice = [...arrivals(all)].filter(([, times]) => times > 1);
  assert.ok(twice.length <= 1 && twice.every(([, times]) => times === 2),
    `each mail once, but for the one in flight at the kill: ${JSON.stringify(twice)}`);
  close_all(admins);
});
