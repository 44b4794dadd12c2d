#!/usr/bin/env node
// bench/run's measurements (bench/run builds and installs what they need,
// then runs this). Every figure of Twofold is held against an anchor measured
// in the same run on the same machine, in interleaved rounds (Twofold, anchor,
// Twofold, anchor, ...), and the tables give medians and ratios, in Markdown
// on standard output (progress goes to standard error). Not a test: nothing
// is asserted about the figures; docs/PERFORMANCE.md shows the output.
//
// Usage: node bench/run.mjs [--quick] [SCENARIO...]
//   --quick    one short round of each (a smoke run of about a minute)
//   SCENARIO   any of the names below (default: all, in this order)
import {cpSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {parseArgs} from 'node:util';

import {core_bytes} from './harness/core_bytes.mjs';
import {healthz, me, right_codes, static_file, wrong_codes} from './harness/http_scenarios.mjs';
import {floor_page, floor_path, page_load} from './harness/page_load.mjs';
import {add_rows, demo_from_stderr, real_sign_ins} from './harness/population.mjs';
import {free_port, start_anchor, start_twofold} from './harness/processes.mjs';
import {restart} from './harness/restart.mjs';
import {sign_in_flood} from './harness/sign_in_flood.mjs';
import {repo_root} from '../tests/support/server.mjs';

const scenarios = {
  healthz,
  static: static_file,
  me,
  'wrong-codes': wrong_codes,
  'right-codes': right_codes,
  'sign-in-flood': sign_in_flood,
  'core-bytes': core_bytes,
  'page-load': page_load,
  restart,
};

const {values: options, positionals} = parseArgs({options: {quick: {type: 'boolean', default: false}}, allowPositionals: true});
for (const name of positionals) {
  if (!(name in scenarios)) {
    console.error(`bench/run: no scenario ${name}; the scenarios: ${Object.keys(scenarios).join(' ')}`);
    process.exit(2);
  }
}
const chosen = positionals.length ? Object.keys(scenarios).filter((name) => positionals.includes(name)) : Object.keys(scenarios);

const sizes = options.quick
  ? {rounds: 1, seconds: 1, page_rounds: 1, restart_rounds: 2, wrong_accounts: 2000, right_per_round: 2000}
  : {rounds: 3, seconds: 5, page_rounds: 5, restart_rounds: 5, wrong_accounts: 10000, right_per_round: 8000};
const live_sessions = 10_000;
const wrong_codes_per_account = 3;

const progress = (text) => process.stderr.write(`bench/run: ${text}\n`);

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown';
  const commit = execFileSync('git', ['-C', repo_root, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim();
  const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
  return [
    `Machine: ${os.availableParallelism()} cores (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB,`
    + ` Linux ${os.release()}. Commit ${commit}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`
    + ` Load average at the start: ${load}.`,
    `Settings: ${options.quick ? '--quick, ' : ''}${sizes.rounds} round(s) of ${sizes.seconds} s per HTTP scenario,`
    + ` ${sizes.page_rounds} page-load and ${sizes.restart_rounds} restart rounds. Twofold: release build`
    + ' (build/native), its defaults (1 I/O thread, its worker pool, Argon2id as --help states), request log to'
    + ' /dev/null. Anchor: bench/anchor_server.cpp (Boost.Beast, 1 I/O thread, keep-alive). wrk and both servers'
    + ' share the machine\'s cores.',
  ].join('\n');
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'twofold-bench-'));
const run = {
  ...sizes,
  dir,
  data_dir: path.join(dir, 'data'),
  www_dir: path.join(dir, 'www'),
  stderr_file: path.join(dir, 'server.stderr'),
  wrong_codes_per_account,
  notes: {wrong_statuses: [], right_statuses: []},
};
let twofold = null;
let anchor = null;
try {
  console.log(`${machine()}\n`);
  // The web folder as scripts/start serves it (with its compressed copies),
  // plus the floor page of page_load.
  cpSync(path.join(repo_root, 'build/wasm/www'), run.www_dir, {recursive: true});
  mkdirSync(path.join(run.www_dir, floor_path), {recursive: true});
  writeFileSync(path.join(run.www_dir, floor_path, 'index.html'), floor_page);
  mkdirSync(run.data_dir);
  const file_path = path.join(run.www_dir, 'js/sign_in_page.js');
  run.static_file = {url_path: '/js/sign_in_page.js', path: file_path, content_type: 'text/javascript', bytes: statSync(file_path).size};

  progress('a fresh data folder: the demo company, one real session and one pending sign-in');
  const port = await free_port();
  const start = () => start_twofold({data_dir: run.data_dir, www_dir: run.www_dir, port, stderr_file: run.stderr_file});
  twofold = await start();
  run.twofold_url = `http://127.0.0.1:${port}`;
  const demo = demo_from_stderr(run.stderr_file);
  const real = await real_sign_ins(run.twofold_url, demo);
  await twofold.stop();
  progress(`${live_sessions} sessions, ${sizes.wrong_accounts + sizes.right_per_round * sizes.rounds} accounts with pending sign-ins`);
  const wrong = {prefix: 'bench-w-', count: sizes.wrong_accounts, code_failures: 1};
  const right = {prefix: 'bench-r-', count: sizes.right_per_round * sizes.rounds, code_failures: 0};
  const rows = await add_rows(run.data_dir, {accounts: [wrong, right], sessions: live_sessions, ...real});
  const [sessions, flows, users] = rows.counts.split('|').map(Number);
  run.population = {
    demo, ...real, sessions,
    counts: `${sessions.toLocaleString('en-US')} sessions, ${flows.toLocaleString('en-US')} pending sign-ins, ${users.toLocaleString('en-US')} accounts`,
    wrong: {prefix: wrong.prefix, cookies: rows.cookies[wrong.prefix]},
    right: {prefix: right.prefix, cookies: rows.cookies[right.prefix]},
  };
  twofold = await start();
  run.stop_twofold = () => twofold.stop();
  anchor = await start_anchor({port: await free_port(), file: run.static_file});
  run.anchor_url = `http://127.0.0.1:${anchor.port}`;

  for (const name of chosen) {
    progress(name);
    console.log(`${await scenarios[name](run)}\n`);
  }
  console.log(`Load average at the end: ${os.loadavg().map((value) => value.toFixed(2)).join(', ')}.`);
} finally {
  await twofold?.stop();
  await anchor?.stop();
  await rm(dir, {recursive: true, force: true});
}
