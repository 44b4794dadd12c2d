#!/usr/bin/env node
// More than one server on one database, measured over loopback with the
// release server (build/native/server/twofold-server, or TWOFOLD_SERVER_BIN):
//
//   sign-ins   password sign-ins per second (the right password, accounts
//              without 2FA, so the answer is the session and the password
//              step is all there is) with one server and with two servers
//              on one PostgreSQL, at the server's own Argon2id parameters
//              (read from its --help and passed to it explicitly), against
//              the limit the hash sets: cores ÷ seconds per password check.
//              The seconds come from the anchor bench/argon2id_verify_time.c
//              (libsodium's check with the same parameters), built and run
//              here, one check per core at once as a busy server runs them.
//   codes      wrong second-factor (authenticator app) codes checked per
//              second by one server on PostgreSQL and one on SQLite.
//
// The servers come from tests/support/instances.mjs (PostgreSQL: a
// throwaway cluster, tests/support/postgresql). The machine may be shared,
// so no figure here stands alone: every round runs each case once, the order
// turned round every other round (A B, B A, ...), and the report gives the
// median over rounds and the ratios within this run. Besides answers per
// second it gives the CPU time each answer took from the servers and the
// database (from /proc), which others' work on the machine changes far less
// than the rate. Not a test: nothing is asserted about the figures; results
// are written up in docs/PERFORMANCE.md.
//
// Usage: node bench/multi_server.mjs [--rounds N] [--seconds S] [--clients N] [--code-accounts N]
//   --rounds         rounds of every case (default 10)
//   --seconds        seconds of sign-ins per case and round (default 8)
//   --clients        concurrent clients, one keep-alive connection each (default 8)
//   --code-accounts  accounts with 2FA per database; each takes 4 wrong codes a round (default 400)
//
// Needs: a native build, PostgreSQL and oathtool (scripts/lib.sh's test packages), cc and libsodium.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {parseArgs, promisify} from 'node:util';

import {start_instances} from '../tests/support/instances.mjs';
import {client, fast_hash_args, repo_root, run_server_command, server_binary} from '../tests/support/server.mjs';
import {step_seconds, current_step} from '../tests/support/totp.mjs';
import {max_code_failures, turn_on_app} from '../tests/support/two_factor.mjs';

const run_file = promisify(execFile);

const {values: options} = parseArgs({
  options: {
    rounds: {type: 'string', default: '10'},
    seconds: {type: 'string', default: '8'},
    clients: {type: 'string', default: '8'},
    'code-accounts': {type: 'string', default: '400'},
  },
});
const rounds = positive(options.rounds, '--rounds');
const seconds = positive(options.seconds, '--seconds');
const clients = positive(options.clients, '--clients');
const code_accounts = positive(options['code-accounts'], '--code-accounts');

// The sign-in throttle lets one address have 20 attempts in flight
// (auth/sign_in_throttle.hpp, address_backoff), and every client here is
// 127.0.0.1.
assert.ok(clients <= 20, '--clients at most 20: more would be held back by the per-address throttle');

// Wrong codes per account and round: one more would lock the account, so
// no answer is ever a lock instead of a check.
const wrong_codes_per_account = max_code_failures - 1;

function positive(text, name) {
  const number = Number(text);
  assert.ok(Number.isInteger(number) && number > 0, `${name} takes a positive whole number, not ${text}`);
  return number;
}

// ---------------------------------------------------------------- figures

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fixed = (number, digits = 0) => number.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});

// Runs `work(item)` for every item, at most `limit` at once.
async function each_at_most(items, limit, work) {
  const queue = [...items];
  await Promise.all(Array.from({length: Math.min(limit, queue.length)}, async () => {
    while (queue.length) await work(queue.shift());
  }));
}

// ---------------------------------------------------------------- the Argon2id anchor

// The server's default Argon2id parameters, as its --help states them.
async function server_argon2_parameters() {
  const {code, stdout, stderr} = await run_server_command(['--help']);
  assert.equal(code, 0, `${server_binary()} --help: ${stderr}`);
  const default_of = (option) => {
    const found = stdout.match(new RegExp(`--${option} [^(]*\\(default (\\d+)\\)`));
    assert.ok(found, `--help names the default of --${option}`);
    return Number(found[1]);
  };
  return {memory_kib: default_of('argon2-memory-kib'), iterations: default_of('argon2-iterations')};
}

async function build_anchor(dir) {
  const binary = path.join(dir, 'argon2id_verify_time');
  await run_file('cc', ['-O2', '-o', binary, path.join(repo_root, 'bench/argon2id_verify_time.c'), '-lsodium']);
  return binary;
}

// Password checks on `threads` anchors at once (one process each, `count`
// checks in each): {wall and cpu (seconds per check, medians), per_second
// (checks over the wall time of them all)}. On cores of their own, wall and
// CPU time are equal; on shared ones the wall time grows with the others'
// work, the CPU time much less.
async function run_anchor(anchor, {memory_kib, iterations}, threads, count) {
  const started = performance.now();
  const outputs = await Promise.all(Array.from({length: threads}, () =>
    run_file(anchor, [String(memory_kib), String(iterations), String(count)])));
  const per_second = (threads * count) / ((performance.now() - started) / 1000);
  const lines = outputs.flatMap(({stdout}) => stdout.trim().split('\n')).map((line) => line.split(' ').map(Number));
  return {wall: median(lines.map(([wall]) => wall)), cpu: median(lines.map(([, cpu]) => cpu)), per_second};
}

// ---------------------------------------------------------------- CPU time

const ticks_per_second = 100;  // USER_HZ, as /proc reports times on Linux

// [utime, stime, cutime, cstime] of `pid` in seconds (proc(5)); zeros for a
// process gone.
async function process_times(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return [0, 0, 0, 0];
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).map((ticks) => Number(ticks) / ticks_per_second);
}

// The PostgreSQL cluster listening on `port`: its postmaster (tests/support/
// postgresql passes `-c port=PORT`) and the postmaster's children.
async function cluster_pids(port) {
  const pids = (await readdir('/proc')).filter((name) => /^[0-9]+$/.test(name));
  const commands = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
  const postmaster = pids.find((_, i) => commands[i].includes('postgres') && commands[i].includes(`port=${port}\0`));
  assert.ok(postmaster, `the postmaster on port ${port}`);
  const parents = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')));
  const children = pids.filter((_, i) => parents[i].slice(parents[i].lastIndexOf(')') + 2).split(' ')[1] === postmaster);
  return {postmaster, children};
}

// CPU seconds used so far by the servers of `group` (user + system) and, on
// PostgreSQL, by its cluster: the backends alive now and, through the
// postmaster's children's times, those already gone.
async function cpu_used(group) {
  const server = (await Promise.all(group.instances.map((instance) => process_times(instance.process.pid))))
    .reduce((sum, [user, system]) => sum + user + system, 0);
  if (group.database.kind !== 'postgresql') return {server, database: 0};
  const {postmaster, children} = await cluster_pids(new URL(group.database.url).port);
  const [user, system, children_user, children_system] = await process_times(postmaster);
  const alive = (await Promise.all(children.map(process_times))).reduce((sum, [u, s]) => sum + u + s, 0);
  return {server, database: user + system + children_user + children_system + alive};
}

// Runs `measure()` and adds to its result the CPU milliseconds per counted
// answer that `group`'s servers, its database and this client used meanwhile.
async function with_cpu(group, measure) {
  const before = await cpu_used(group);
  const client_before = process.cpuUsage();
  const result = await measure();
  const after = await cpu_used(group);
  const client_used = process.cpuUsage(client_before);
  const per_answer = (seconds_used) => (seconds_used * 1000) / result.counted;
  return {
    ...result,
    cpu_ms: {
      server: per_answer(after.server - before.server),
      database: per_answer(after.database - before.database),
      client: per_answer((client_used.user + client_used.system) / 1e6),
    },
  };
}

// ---------------------------------------------------------------- accounts

// `count` people named PREFIX-1.. in the demo company, with the demo agent's
// password (its hash copied, as tests/support/people.mjs does), in one
// statement that SQLite and PostgreSQL both take.
async function add_people(group, prefix, count) {
  assert.match(prefix, /^[a-z-]+$/);
  const company = group.demo.company.replaceAll("'", "''");
  await group.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})` +
    ' INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)' +
    ` SELECT c.id, '${prefix}-' || n.i, '${prefix}-' || n.i || '@bench.example', 'Bench ' || n.i, 'agent',` +
    ` u.password_hash, 0 FROM n, companies c JOIN users u ON u.company_id = c.id` +
    ` WHERE c.name = '${company}' AND u.username = '${group.demo.agent.account}'`);
  return Array.from({length: count}, (_, i) => ({
    company: group.demo.company, account: `${prefix}-${i + 1}`, password: group.demo.agent.password,
  }));
}

function sign_in_body(person) {
  return {json: {company: person.company, account: person.account, password: person.password}};
}

// The server's error log lines, for a failure's message.
function errors_logged(server) {
  return server.logs.filter((line) => line.level === 'error').map((line) => JSON.stringify(line)).join('\n');
}

// ---------------------------------------------------------------- sign-ins

// `clients` clients, client i on servers[i % servers.length] with account
// people[i], each signing in again as soon as its answer came, for `seconds`.
// Every sign-in is new (no cookies sent): the password checked, a session
// written. Resolves to {per_second, counted, failed (answers other than 200)}.
async function sign_ins_per_second(servers, people) {
  const browsers = people.map((_, i) => client(servers[i % servers.length].url));
  let signed_in = 0;
  const failed = new Map();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(browsers.map(async (browser, i) => {
    while (performance.now() < deadline) {
      browser.cookies.clear();
      const answer = await browser.post('/api/session', sign_in_body(people[i]));
      if (answer.status === 200) ++signed_in;
      else failed.set(answer.status, (failed.get(answer.status) ?? 0) + 1);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  browsers.forEach((browser) => browser.close());
  return {per_second: signed_in / elapsed, counted: signed_in, failed: Object.fromEntries(failed)};
}

// `stops` gets the group's stop as soon as it runs.
async function sign_in_setup(anchor_parameters, stops) {
  const group = await start_instances({
    count: 2,
    database_kind: 'postgresql',
    args: ['--argon2-memory-kib', String(anchor_parameters.memory_kib),
           '--argon2-iterations', String(anchor_parameters.iterations)],
  });
  stops.push(() => group.stop());
  // The demo hashes were written at these parameters, so a sign-in checks
  // exactly one hash of that cost (and never rehashes).
  const [stored] = await group.rows(
    `SELECT password_hash FROM users WHERE username = '${group.demo.agent.account}'`);
  const phc = `$m=${anchor_parameters.memory_kib},t=${anchor_parameters.iterations},p=1$`;
  assert.ok(stored.password_hash.includes(phc), `the demo hash has ${phc}: ${stored.password_hash}`);
  const people = await add_people(group, 'bench-sign-in', clients);
  // One sign-in each on each server first: a new device's notice mail is
  // written once per account, not in the measured rounds.
  for (const server of group.instances) {
    await each_at_most(people, clients, async (person) => {
      const browser = client(server.url);
      const answer = await browser.post('/api/session', sign_in_body(person));
      assert.equal(answer.status, 200, `warm-up sign-in of ${person.account}: ${answer.text}`);
      browser.close();
    });
  }
  return {group, people};
}

// ---------------------------------------------------------------- second-factor codes

// Turns the authenticator app on for `person` and finds a code that is
// wrong at every step of the next hour, so that each check is a rejection.
async function with_app(server, person) {
  const browser = client(server.url);
  const answer = await browser.post('/api/session', sign_in_body(person));
  assert.equal(answer.status, 200, `sign-in of ${person.account}: ${answer.text}`);
  const {totp} = await turn_on_app(browser);
  browser.close();
  const hour = 3600 / step_seconds;
  const from = current_step() - 2;
  const {stdout} = await run_file('oathtool', ['--totp', '-b', '-N', `@${from * step_seconds}`, '-w', String(hour), totp.secret]);
  const valid = new Set(stdout.trim().split('\n'));
  let n = 0;
  while (valid.has(String(n).padStart(6, '0'))) ++n;
  return {...person, wrong_code: String(n).padStart(6, '0')};
}

async function code_setup(database_kind, stops) {
  const group = await start_instances({count: 1, database_kind, args: fast_hash_args});
  stops.push(() => group.stop());
  const [server] = group.instances;
  const people = [];
  await each_at_most(await add_people(group, 'bench-code', code_accounts), clients, async (person) => {
    people.push(await with_app(server, person));
  });
  return {group, server, people, pending: null, internal_errors: 0};
}

// A waiting sign-in lasts 10 minutes (sign_in_flow_lifetime) and counts
// against the account's 10 code sends an hour (code_send_limit.hpp): one is
// kept across rounds and started anew once this old.
const pending_renewal_ms = 5 * 60 * 1000;

// Untimed: the wrong codes of the last round forgotten (as a right code
// would do, lockout.resets) and a sign-in of every account waiting for its
// second step. Resolves to the code and sign-in cookie of each.
async function pending_sign_ins(setup) {
  await setup.group.run("UPDATE users SET code_failures = 0 WHERE username LIKE 'bench-code-%'");
  if (setup.pending && performance.now() - setup.pending.started < pending_renewal_ms) return setup.pending.flows;
  const started = performance.now();
  const flows = [];
  await each_at_most(setup.people, clients, async (person) => flows.push(await pending_sign_in(setup, person)));
  setup.pending = {started, flows};
  return flows;
}

// A 500 is answered again (at most 3 times) and counted in
// setup.internal_errors, for the report.
async function pending_sign_in(setup, person) {
  for (let attempt = 1; ; ++attempt) {
    const browser = client(setup.server.url);
    const answer = await browser.post('/api/session', sign_in_body(person));
    browser.close();
    if (answer.status === 500 && attempt < 3) {
      ++setup.internal_errors;
      continue;
    }
    assert.equal(answer.status, 202, `pending sign-in of ${person.account} on ${setup.group.database.kind}: ` +
                 `${answer.text}\n${errors_logged(setup.server)}`);
    const cookie = answer.set_cookies.find((set) => set.name === 'twofold_sign_in');
    assert.ok(cookie, 'the 202 sets twofold_sign_in');
    return {code: person.wrong_code, cookie: `${cookie.name}=${cookie.value}`};
  }
}

// Timed: `clients` clients take the pending sign-ins one by one and send
// each its wrong codes. Only answers that checked a code count (401
// code_rejected). Resolves to {per_second, counted, failed (other answers)}.
async function wrong_codes_per_second(server, pending) {
  const queue = [...pending];
  const browsers = Array.from({length: clients}, () => client(server.url));
  let rejected = 0;
  const failed = new Map();
  const started = performance.now();
  await Promise.all(browsers.map(async (browser) => {
    for (let flow = queue.shift(); flow; flow = queue.shift()) {
      for (let n = 0; n < wrong_codes_per_account; ++n) {
        const answer = await browser.post('/api/session/second-step',
                                          {json: {code: flow.code}, headers: {cookie: flow.cookie}});
        if (answer.status === 401 && answer.json?.error?.code === 'code_rejected') ++rejected;
        else failed.set(answer.status, (failed.get(answer.status) ?? 0) + 1);
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  browsers.forEach((browser) => browser.close());
  return {per_second: rejected / elapsed, counted: rejected, failed: Object.fromEntries(failed)};
}

// ---------------------------------------------------------------- the run

async function machine_line() {
  const cpus = os.cpus();
  const debian = await readFile('/etc/debian_version', 'utf8').catch(() => '?');
  const {stdout: commit} = await run_file('git', ['-C', repo_root, 'rev-parse', '--short', 'HEAD']).catch(() => ({stdout: '?'}));
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${fixed(os.totalmem() / 2 ** 30)} GiB, ` +
         `Debian ${debian.trim()}, node ${process.versions.node}, commit ${commit.trim()}`;
}

const load_average = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');

// ---------------------------------------------------------------- rounds and report

const case_names = ['anchor', 'one', 'two', 'sqlite', 'postgresql'];

// Every case once a round, the order reversed every other round.
async function run_rounds(cases, cores) {
  const results = Object.fromEntries(case_names.map((name) => [name, []]));
  for (let round = 1; round <= rounds; ++round) {
    const order = round % 2 ? case_names : [...case_names].reverse();
    for (const name of order) results[name].push(await cases[name]());
    print_round(round, Object.fromEntries(case_names.map((name) => [name, results[name].at(-1)])), cores);
  }
  return results;
}

function print_round(round, last, cores) {
  const cpu_of = ({cpu_ms}) => `${fixed(cpu_ms.server + cpu_ms.database, 2)} ms`;
  const {alone, together} = last.anchor;
  console.log(`round ${round}: check ${fixed(alone.wall * 1000, 1)} ms (CPU ${fixed(alone.cpu * 1000, 1)} ms), ` +
              `on ${cores} cores at once ${fixed(together.per_second, 1)}/s (CPU ${fixed(together.cpu * 1000, 1)} ms each); ` +
              `sign-ins/s ${fixed(last.one.per_second, 1)} (1 server, CPU ${cpu_of(last.one)}) ` +
              `${fixed(last.two.per_second, 1)} (2 servers, CPU ${cpu_of(last.two)}); ` +
              `wrong codes/s ${fixed(last.sqlite.per_second)} (SQLite, CPU ${cpu_of(last.sqlite)}) ` +
              `${fixed(last.postgresql.per_second)} (PostgreSQL, CPU ${cpu_of(last.postgresql)})`);
}

function print_failures(results, code_setups) {
  const names = {one: 'sign-ins, 1 server', two: 'sign-ins, 2 servers', sqlite: 'codes, SQLite', postgresql: 'codes, PostgreSQL'};
  for (const [name, description] of Object.entries(names)) {
    const failed = results[name].filter((result) => Object.keys(result.failed).length);
    if (failed.length) console.log(`  ${description}: answers not counted: ${failed.map((r) => JSON.stringify(r.failed)).join(', ')}`);
  }
  for (const setup of code_setups) {
    if (setup.internal_errors) {
      console.log(`  waiting sign-ins prepared on ${setup.group.database.kind}: ${setup.internal_errors} answered 500 ` +
                  `and were sent again:\n${errors_logged(setup.server)}`);
    }
  }
}

// Medians over the rounds, ratios within them, as one Markdown table.
function print_summary(results, cores) {
  const anchor_median = (run, part) => median(results.anchor.map((anchor_result) => anchor_result[run][part]));
  // The hash's own limit: every core checking passwords and nothing else.
  const check = anchor_median('together', 'cpu');
  const limit = cores / check;
  const rate = (name) => results[name].map((result) => result.per_second);
  const paired = (a, b) => rate(a).map((value, i) => value / rate(b)[i]);
  const range = (values) => `${fixed(Math.min(...values), 2)}–${fixed(Math.max(...values), 2)}`;
  const cpu_median = (name, part) => median(results[name].map((result) => result.cpu_ms[part]));
  const cpu = (name) => {
    const [server, database, client_cpu] = ['server', 'database', 'client'].map((part) => cpu_median(name, part));
    return `${database ? `${fixed(server, 2)} + ${fixed(database, 2)}` : fixed(server, 2)} ms (client ${fixed(client_cpu, 2)} ms)`;
  };
  // What the cores would give if nothing else ran: cores ÷ the CPU one
  // answer takes from the servers and the database.
  const ceiling = (name) => cores / ((cpu_median(name, 'server') + cpu_median(name, 'database')) / 1000);
  const one = median(rate('one'));
  const two = median(rate('two'));
  const by_database = paired('postgresql', 'sqlite');
  const rows = [
    [`figure`, `median of ${rounds} rounds`, 'ratio', 'CPU per answer: server (+ PostgreSQL)', `${cores} cores ÷ that CPU`],
    ['---', '---', '---', '---', '---'],
    ['one password check, one thread (anchor)', `${fixed(anchor_median('alone', 'wall') * 1000, 1)} ms`, '',
     `${fixed(anchor_median('alone', 'cpu') * 1000, 1)} ms`, ''],
    [`one password check, ${cores} at once (anchor × ${cores})`,
     `${fixed(anchor_median('together', 'wall') * 1000, 1)} ms; ${fixed(anchor_median('together', 'per_second'), 1)} checks/s`,
     `${fixed(anchor_median('together', 'per_second') / limit, 2)} of the limit`, `${fixed(check * 1000, 1)} ms`,
     `${fixed(limit, 1)} /s: the Argon2id limit`],
    ['sign-ins, 1 server on PostgreSQL', `${fixed(one, 1)} /s`, `${fixed(one / limit, 2)} of the limit`, cpu('one'),
     `${fixed(ceiling('one'), 1)} /s = ${fixed(ceiling('one') / limit, 2)} of the limit`],
    ['sign-ins, 2 servers on one PostgreSQL', `${fixed(two, 1)} /s`,
     `${fixed(two / limit, 2)} of the limit; ${fixed(median(paired('two', 'one')), 2)}× 1 server (rounds ${range(paired('two', 'one'))})`,
     cpu('two'), `${fixed(ceiling('two'), 1)} /s = ${fixed(ceiling('two') / limit, 2)} of the limit`],
    ['wrong codes checked, 1 server on SQLite', `${fixed(median(rate('sqlite')))} /s`, '1', cpu('sqlite'),
     `${fixed(ceiling('sqlite'))} /s`],
    ['wrong codes checked, 1 server on PostgreSQL', `${fixed(median(rate('postgresql')))} /s`,
     `${fixed(median(by_database), 2)}× SQLite (rounds ${range(by_database)})`, cpu('postgresql'),
     `${fixed(ceiling('postgresql'))} /s = ${fixed(ceiling('postgresql') / ceiling('sqlite'), 2)}× SQLite`],
  ];
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

async function main() {
  const cores = os.cpus().length;
  const parameters = await server_argon2_parameters();
  const work_dir = await mkdtemp(path.join(os.tmpdir(), 'twofold-bench-'));
  const stops = [];
  try {
    const anchor = await build_anchor(work_dir);
    console.log(`machine: ${await machine_line()}`);
    console.log(`load average at the start: ${load_average()}`);
    console.log(`Argon2id: m = ${parameters.memory_kib} KiB, t = ${parameters.iterations}, p = 1 (the server's defaults)`);
    console.log(`${rounds} rounds; sign-ins: ${clients} clients for ${seconds} s per case; ` +
                `codes: ${code_accounts} accounts × ${wrong_codes_per_account} wrong codes per case, ${clients} clients`);

    const sign_in = await sign_in_setup(parameters, stops);
    const [first, second] = sign_in.group.instances;
    const sqlite = await code_setup('sqlite', stops);
    const postgresql = await code_setup('postgresql', stops);
    const codes = async (setup) => {
      const pending = await pending_sign_ins(setup);
      return with_cpu(setup.group, () => wrong_codes_per_second(setup.server, pending));
    };
    const results = await run_rounds({
      anchor: async () => ({
        alone: await run_anchor(anchor, parameters, 1, 15),
        together: await run_anchor(anchor, parameters, cores, 8),
      }),
      one: () => with_cpu(sign_in.group, () => sign_ins_per_second([first], sign_in.people)),
      two: () => with_cpu(sign_in.group, () => sign_ins_per_second([first, second], sign_in.people)),
      sqlite: () => codes(sqlite),
      postgresql: () => codes(postgresql),
    }, cores);
    print_failures(results, [sqlite, postgresql]);
    console.log(`load average at the end: ${load_average()}`);
    console.log('');
    print_summary(results, cores);
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(work_dir, {recursive: true, force: true});
  }
}

await main();
