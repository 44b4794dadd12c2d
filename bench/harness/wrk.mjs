// wrk (Debian package wrk) over loopback, one thread, as bench/run drives it:
// the rate of a plain GET, or, through requests.lua, the answers counted by
// status over the time they took.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const run_file = promisify(execFile);
const requests_script = new URL('requests.lua', import.meta.url).pathname;

export const wrk_connections = 16;

function wrk_args({seconds, connections}) {
  return ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s'];
}

// Requests per second of GET `url` for `seconds`.
export async function wrk_rate(url, {seconds, connections = wrk_connections}) {
  const {stdout} = await run_file('wrk', [...wrk_args({seconds, connections}), url]);
  const found = stdout.match(/^Requests\/sec:\s+([0-9.]+)/m);
  if (!found) throw new Error(`wrk printed no rate:\n${stdout}`);
  const errors = stdout.match(/Socket errors: .*|Non-2xx or 3xx responses: \d+/g);
  if (errors) throw new Error(`wrk saw errors on ${url}: ${errors.join('; ')}`);
  return Number(found[1]);
}

/**
 * requests.lua on `base_url`: `method` `path` with each line of `lines_file`
 * ("COOKIE<TAB>BODY"), `mode` "once" or "repeat". Resolves to {statuses
 * ({status: count}), seconds (first request to last answer), rate(status)
 * (answers of that status per second)}.
 */
export async function wrk_lines(base_url, {method, path, lines_file, mode, seconds, connections = wrk_connections}) {
  const {stdout} = await run_file('wrk', [
    ...wrk_args({seconds, connections}), '-s', requests_script, base_url, '--', method, path, lines_file, mode,
  ]);
  const found = stdout.match(/^bench (\{.*\})$/m);
  if (!found) throw new Error(`requests.lua printed no counts:\n${stdout}`);
  const {statuses, seconds: measured} = JSON.parse(found[1]);
  return {statuses, seconds: measured, rate: (status) => (statuses[status] ?? 0) / measured};
}
