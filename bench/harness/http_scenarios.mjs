// The HTTP scenarios of bench/run measured with wrk: each round runs
// Twofold, then the anchor (A, B, A, B, ...), and the tables give the medians.
import path from 'node:path';

import {median, fixed, ratio, rounds_of, table} from './figures.mjs';
import {database_file, flow_cookie, session_cookie, run_sql, write_lines} from './population.mjs';
import {free_port, start_anchor} from './processes.mjs';
import {code_of_none_of, current_step, oathtool_code} from '../../tests/support/totp.mjs';
import {wrk_connections, wrk_lines, wrk_rate} from './wrk.mjs';

// Runs twofold(round), anchor(round) and any others in turn, `rounds` times:
// {twofold: [...], anchor: [...], ...} of their results.
export async function interleaved(rounds, twofold, anchor, others = {}) {
  const measures = {twofold, anchor, ...others};
  const results = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
  for (let round = 0; round < rounds; ++round) {
    for (const [name, measure] of Object.entries(measures)) results[name].push(await measure(round));
  }
  return results;
}

const per_second = (value) => `${fixed(value)}/s`;

function rate_table(figure, goal, {twofold, anchor}) {
  return [
    table([{figure, twofold: per_second(median(twofold)), anchor: per_second(median(anchor)),
            ratio: ratio(median(twofold), median(anchor)), goal}]),
    '',
    `Rounds (Twofold; anchor): ${rounds_of(twofold)}; ${rounds_of(anchor)}.`,
  ].join('\n');
}

const wrk_setup = (run) => `wrk, 1 thread, ${wrk_connections} keep-alive connections, ${run.seconds} s a round, ${run.rounds} round${run.rounds === 1 ? '' : 's'}`;

export async function healthz(run) {
  const results = await interleaved(run.rounds,
    () => wrk_rate(`${run.twofold_url}/healthz`, {seconds: run.seconds}),
    () => wrk_rate(`${run.anchor_url}/healthz`, {seconds: run.seconds}));
  return [
    `### GET /healthz\n\n${wrk_setup(run)}; the anchor answers its JSON.\n`,
    rate_table('`GET /healthz`', '≥ 0.80', results),
  ].join('\n');
}

export async function static_file(run) {
  const results = await interleaved(run.rounds,
    () => wrk_rate(`${run.twofold_url}${run.static_file.url_path}`, {seconds: run.seconds}),
    () => wrk_rate(`${run.anchor_url}${run.static_file.url_path}`, {seconds: run.seconds}));
  return [
    `### A static file\n\n\`GET ${run.static_file.url_path}\` (${fixed(run.static_file.bytes)} B, no Accept-Encoding);`
    + ` ${wrk_setup(run)}; the anchor sends the same file from memory.\n`,
    rate_table('static file', '≥ 0.80', results),
  ].join('\n');
}

export async function me(run) {
  const lines_file = path.join(run.dir, 'me.lines');
  write_lines(lines_file, [{cookie: session_cookie(run.population.admin_cookie), body: ''}]);
  const measure = (url) => async () => {
    const result = await wrk_lines(url, {method: 'GET', path: '/api/me', lines_file, mode: 'repeat', seconds: run.seconds});
    return result.rate(200);
  };
  // The floor: the anchor plus the session read no signed-in request skips.
  const floor = await start_anchor({port: await free_port(), session_db: database_file(run.data_dir)});
  let results;
  try {
    results = await interleaved(run.rounds, measure(run.twofold_url), measure(run.anchor_url),
      {floor: measure(`http://127.0.0.1:${floor.port}`)});
  } finally {
    await floor.stop();
  }
  const [twofold, anchor, read] = [results.twofold, results.anchor, results.floor].map(median);
  return [
    `### GET /api/me with a valid session\n\n${fixed(run.population.sessions)} live sessions in the database`
    + ` (${run.population.counts}); the admin's real session cookie on every request; ${wrk_setup(run)};`
    + ' answers 200 counted. The anchor gets the same requests. So does a second anchor, the floor, which also'
    + ' reads the session as every signed-in request must: the cookie\'s token hashed, then session, user and'
    + ' company in one statement from the same database (`--session-db`), on its I/O thread.\n',
    rate_table('`GET /api/me` with a valid session', '≥ 0.50', results),
    '',
    `The floor, same run: ${per_second(read)}, ${ratio(read, anchor)} of the anchor; Twofold is ${ratio(twofold, read)}`
    + ` of the floor. Rounds (floor): ${rounds_of(results.floor)}.`,
  ].join('\n');
}

// POST /api/session/second-step with each line of `lines_file` (wrk_lines).
function second_step(url, lines_file, mode, run) {
  return wrk_lines(url, {method: 'POST', path: '/api/session/second-step', lines_file, mode, seconds: run.seconds});
}

// The anchor's rate on the code requests of `lines_file`, over and over for
// the round's whole time (it keeps no state, so no line runs out).
function anchor_posts(run, lines_file) {
  return async () => (await second_step(run.anchor_url, lines_file, 'repeat', run)).rate(200);
}

// The accounts' wrong codes counted by the server since the last reset.
async function counted_failures(run, prefix, accounts) {
  const text = await run_sql(run.data_dir,
    `SELECT sum(code_failures) - ${accounts} FROM users WHERE username LIKE '${prefix}%';`);
  return Number(text.trim());
}

export async function wrong_codes(run) {
  const {prefix, cookies} = run.population.wrong;
  const secret = run.population.app_secret;
  const passes = run.wrong_codes_per_account;
  const lines_file = path.join(run.dir, 'wrong.lines');
  const twofold = async () => {
    // Every account starts the round at one counted failure: its codes are
    // the 2nd to 4th, so none sends the "someone knows your password" mail
    // of the 1st and none locks the account (the 5th would).
    await run_sql(run.data_dir, `UPDATE users SET code_failures = 1 WHERE username LIKE '${prefix}%';`);
    const step = current_step();
    const body = JSON.stringify({code: await code_of_none_of(secret, [step - 1, step, step + 1, step + 2])});
    const lines = [];
    for (let pass = 0; pass < passes; ++pass) for (const value of cookies) lines.push({cookie: flow_cookie(value), body});
    write_lines(lines_file, lines);
    const result = await second_step(run.twofold_url, lines_file, 'once', run);
    // Each 401 must be a wrong code the server counted against its account
    // (a few more counted: requests still in flight when wrk stopped).
    run.notes.wrong_statuses.push({...result.statuses, counted: await counted_failures(run, prefix, cookies.length)});
    return result.rate(401);
  };
  const results = await interleaved(run.rounds, twofold, anchor_posts(run, lines_file));
  return [
    `### Wrong second-factor codes\n\n\`POST /api/session/second-step\` with a wrong authenticator-app code, each on`
    + ` a pending sign-in of its own account (${fixed(cookies.length)} accounts, ${passes} codes each a round, in`
    + ` turn), with ${fixed(run.population.sessions)} live sessions present. A wrong code counts against the account`
    + ' (five lock it), so each round first sets every account to one counted failure (sqlite3 on the server\'s'
    + ' database, no request in flight): the codes measured are the'
    + ' 2nd to 4th, none mails a notice (the 1st does) or locks. A round ends when every code was sent once.'
    + ` ${wrk_setup(run)} at most. Answers 401 counted; beside them, per round, the failures the database counted`
    + ` ("counted": as many as the 401s, or a few more for requests still in flight when wrk stopped): ${run.notes.wrong_statuses.map((s) => JSON.stringify(s)).join(', ')}.`
    + ' The anchor gets the same requests for the whole round.\n',
    rate_table('wrong second-factor code checks', '≥ 0.50', results),
  ].join('\n');
}

export async function right_codes(run) {
  const {prefix, cookies} = run.population.right;
  const per_round = Math.floor(cookies.length / run.rounds);
  const lines_file = (round) => path.join(run.dir, `right-${round}.lines`);
  const sessions_before = Number((await run_sql(run.data_dir, 'SELECT count(*) FROM sessions;')).trim());
  const twofold = async (round) => {
    // One code for all: the accounts share the secret; each account's first
    // use of the current step is right.
    const body = JSON.stringify({code: await oathtool_code(run.population.app_secret, current_step())});
    write_lines(lines_file(round), cookies.slice(round * per_round, (round + 1) * per_round)
      .map((value) => ({cookie: flow_cookie(value), body})));
    const result = await second_step(run.twofold_url, lines_file(round), 'once', run);
    run.notes.right_statuses.push(result.statuses);
    return result.rate(200);
  };
  const anchor = (round) => anchor_posts(run, lines_file(round))();
  const results = await interleaved(run.rounds, twofold, anchor);
  const sessions_after = Number((await run_sql(run.data_dir, 'SELECT count(*) FROM sessions;')).trim());
  return [
    `### Right second-factor codes\n\n\`POST /api/session/second-step\` with the right authenticator-app code, each on`
    + ` a pending sign-in of its own account (${fixed(per_round)} a round; a right code opens a session, so the`
    + ` sessions grew from ${fixed(sessions_before)} to ${fixed(sessions_after)} over the rounds).`
    + ` A round ends when every pending sign-in was used once. ${wrk_setup(run)} at most. Answers 200 counted.`
    + ` Statuses per round: ${run.notes.right_statuses.map((s) => JSON.stringify(s)).join(', ')}.`
    + ' The anchor gets the same requests for the whole round.\n',
    rate_table(`right code checks (sessions ${fixed(sessions_before)} → ${fixed(sessions_after)})`, '≥ 0.25, flat as sessions grow', results),
    '',
    `Twofold per round, in order (sessions growing): ${rounds_of(results.twofold)}.`,
  ].join('\n');
}
