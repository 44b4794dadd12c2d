// The two servers bench/run measures, started and stopped by it: Twofold's
// release build and the anchor (bench/anchor_server.cpp). Both listen on
// 127.0.0.1 at a port chosen here, so a start can be timed from spawn() to
// its first /healthz answer without waiting for a log line.
import {spawn} from 'node:child_process';
import {openSync, closeSync, readFileSync} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import {repo_root} from '../../tests/support/server.mjs';

export const twofold_binary = path.join(repo_root, process.env.TWOFOLD_SERVER_BIN ?? 'build/native/server/twofold-server');
export const anchor_binary = path.join(repo_root, 'build/native-tests/bench/twofold-bench-anchor-server');
export const core_dir = path.join(repo_root, process.env.TWOFOLD_CORE_DIR ?? 'build/wasm/wasm');

const start_deadline_ms = 30_000;

// A port free now (the kernel's choice), for a server started next.
export function free_port() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// One GET /healthz on a new connection: its status, or null when nothing
// listens yet.
function healthz_once(port) {
  return new Promise((resolve) => {
    const request = http.get({host: '127.0.0.1', port, path: '/healthz', agent: false}, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode));
    });
    request.on('error', () => resolve(null));
  });
}

// Asking again at once after a refused connection would take a core from
// the starting server on a 2-core machine: a millisecond between attempts.
const retry_ms = 1;

// Milliseconds from `started` (performance.now()) to the first 200 from
// /healthz.
async function first_healthz(port, child, started) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode} before answering`);
    if ((await healthz_once(port)) === 200) return performance.now() - started;
    if (performance.now() - started > start_deadline_ms) throw new Error(`${child.spawnfile} did not answer /healthz`);
    await new Promise((resolve) => setTimeout(resolve, retry_ms));
  }
}

function stopper(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
}

/**
 * Twofold on `data_dir` at `port`, its defaults otherwise (1 I/O thread, its
 * worker pool, Argon2id m = 19 MiB, t = 2). The request log goes to
 * /dev/null: writing it costs the server as much as anywhere else, the disk
 * it would fill does not. Standard error (the demo passwords of a new data
 * folder) goes to `stderr_file`. Resolves to {port, started_ms (spawn to
 * first /healthz), stop()}.
 */
export async function start_twofold({data_dir, www_dir, port, stderr_file, args = []}) {
  const out = openSync('/dev/null', 'w');
  const err = openSync(stderr_file, 'a');
  const started = performance.now();
  const child = spawn(twofold_binary,
    ['--data-dir', data_dir, '--www-dir', www_dir, '--core-dir', core_dir, '--port', String(port), ...args],
    {cwd: repo_root, stdio: ['ignore', out, err]});
  closeSync(out);
  closeSync(err);
  const stop = stopper(child);
  try {
    return {port, started_ms: await first_healthz(port, child, started), stop};
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${readFileSync(stderr_file, 'utf8')}`);
  }
}

/**
 * The anchor at `port`, serving `file` ({url_path, path, content_type})
 * from memory beside its JSON answer; with `session_db` (a Twofold
 * database), GET /api/me reads the cookie's session from it. Resolves like
 * start_twofold.
 */
export async function start_anchor({port, file, session_db}) {
  const started = performance.now();
  const args = [String(port), ...(file ? [file.url_path, file.path, file.content_type] : []),
                ...(session_db ? ['--session-db', session_db] : [])];
  const child = spawn(anchor_binary, args, {stdio: ['ignore', 'ignore', 'inherit']});
  const stop = stopper(child);
  try {
    return {port, started_ms: await first_healthz(port, child, started), stop};
  } catch (error) {
    await stop();
    throw error;
  }
}
