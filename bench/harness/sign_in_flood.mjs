// Sign-ins at full pressure (8 connections POST /api/session with the right
// password) and, meanwhile, a /healthz latency probe; against the limit
// Argon2id sets: cores ÷ seconds per password check, timed with libsodium
// and the server's own parameters (bench/argon2id_verify_time.c).
import {execFile} from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

import {fixed, median, percentile, ratio, rounds_of, table} from './figures.mjs';
import {twofold_binary} from './processes.mjs';
import {write_lines} from './population.mjs';
import {repo_root} from '../../tests/support/server.mjs';
import {wrk_lines} from './wrk.mjs';

const run_file = promisify(execFile);
const flood_connections = 8;
const probe_interval_ms = 10;

// The server's default Argon2id parameters, as its --help states them.
async function argon2_parameters() {
  const {stdout} = await run_file(twofold_binary, ['--help']);
  const default_of = (option) => Number(stdout.match(new RegExp(`--${option} [^(]*\\(default (\\d+)\\)`))[1]);
  return {memory_kib: default_of('argon2-memory-kib'), iterations: default_of('argon2-iterations')};
}

// Password checks with one libsodium process per core, `count` checks each:
// {per_second (over the wall time of them all, the cores shared with
// whatever else runs), cpu_limit (cores ÷ the median CPU time of one check:
// the rate of cores that do nothing else)}.
async function argon2_checks(binary, {memory_kib, iterations}, count) {
  const cores = os.availableParallelism();
  const started = performance.now();
  const outputs = await Promise.all(Array.from({length: cores}, () => run_file(binary, [String(memory_kib), String(iterations), String(count)])));
  const cpu_seconds = outputs.flatMap(({stdout}) => stdout.trim().split('\n')).map((line) => Number(line.split(' ')[1]));
  return {per_second: (cores * count) / ((performance.now() - started) / 1000), cpu_limit: cores / median(cpu_seconds)};
}

// GET /healthz every probe_interval_ms on one keep-alive connection until
// `until` settles: the latencies in milliseconds.
async function probe_healthz(port, until) {
  const agent = new http.Agent({keepAlive: true, maxSockets: 1});
  const latencies = [];
  let done = false;
  until.then(() => { done = true; });
  while (!done) {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      http.get({host: '127.0.0.1', port, path: '/healthz', agent}, (answer) => {
        answer.resume();
        answer.on('end', resolve);
      }).on('error', reject);
    });
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, probe_interval_ms));
  }
  agent.destroy();
  return latencies;
}

export async function sign_in_flood(run) {
  const parameters = await argon2_parameters();
  const anchor_binary = path.join(run.dir, 'argon2id_verify_time');
  await run_file('cc', ['-O2', '-o', anchor_binary, path.join(repo_root, 'bench/argon2id_verify_time.c'), '-lsodium']);
  const lines_file = path.join(run.dir, 'sign_in.lines');
  const {company, admin} = run.population.demo;
  write_lines(lines_file, [{cookie: '', body: JSON.stringify({company, account: admin.account, password: admin.password})}]);
  const port = new URL(run.twofold_url).port;

  const idle = await probe_healthz(port, new Promise((resolve) => setTimeout(resolve, run.seconds * 1000)));
  const flood = {rates: [], anchor: [], cpu_limits: [], latencies: [], statuses: []};
  for (let round = 0; round < run.rounds; ++round) {
    const flooding = wrk_lines(run.twofold_url, {method: 'POST', path: '/api/session', lines_file, mode: 'repeat',
                                                 seconds: run.seconds, connections: flood_connections});
    const [result, latencies] = await Promise.all([flooding, probe_healthz(port, flooding)]);
    flood.rates.push(result.rate(200));
    flood.statuses.push(result.statuses);
    flood.latencies.push(...latencies);
    // About as long as the flood: 50 checks a second per core at ~20 ms each.
    const checks = await argon2_checks(anchor_binary, parameters, Math.max(10, run.seconds * 40));
    flood.anchor.push(checks.per_second);
    flood.cpu_limits.push(checks.cpu_limit);
  }
  const ms = (value) => `${fixed(value, 1)} ms`;
  return [
    `### Sign-in flood\n\n${flood_connections} connections \`POST /api/session\` with the admin's right password (no`
    + ` second factor: each answer 200 is a session), wrk, ${run.seconds} s a round, ${run.rounds} rounds; the anchor`
    + ` runs ${os.availableParallelism()} libsodium processes (one per core) checking a password with the server's`
    + ` parameters (Argon2id m = ${parameters.memory_kib} KiB, t = ${parameters.iterations}) in the same rounds, between`
    + ` the floods. Meanwhile a probe asks \`GET /healthz\` every ${probe_interval_ms} ms on one keep-alive connection`
    + ` (${fixed(flood.latencies.length)} answers while flooding; ${fixed(idle.length)} before, idle).`
    + ` Statuses per round: ${flood.statuses.map((s) => JSON.stringify(s)).join(', ')}.\n`,
    table([
      {figure: 'sign-ins/s', twofold: `${fixed(median(flood.rates), 1)}/s`,
       anchor: `cores ÷ seconds per hash: ${fixed(median(flood.anchor), 1)}/s`,
       ratio: ratio(median(flood.rates), median(flood.anchor)), goal: '≥ 0.95'},
      {figure: '`/healthz` p50 while flooding', twofold: ms(percentile(flood.latencies, 0.5)),
       anchor: `idle: ${ms(percentile(idle, 0.5))}`, ratio: '—', goal: '—'},
      {figure: '`/healthz` p99 while flooding', twofold: ms(percentile(flood.latencies, 0.99)),
       anchor: `idle: ${ms(percentile(idle, 0.99))}`, ratio: '—', goal: '≤ 5 ms'},
    ]),
    '',
    `Rounds (sign-ins/s; anchor): ${rounds_of(flood.rates, 1)}; ${rounds_of(flood.anchor, 1)}. The anchor's cores`
    + ` were shared with everything else running; on cores of their own (${os.availableParallelism()} ÷ the median CPU`
    + ` time of one check) the limit would be ${rounds_of(flood.cpu_limits, 1)}/s.`,
  ].join('\n');
}
