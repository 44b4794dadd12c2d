// Starts the real server binary for integration tests and talks to it over
// real HTTP(S). Everything waits on events (log lines, process exit, socket
// events) with an overall deadline that fails the test; nothing sleeps.
//
//   const server = await start_server();            // fresh data dir, port 0
//   const browser = client(server.url);             // keeps cookies, sends CSRF headers
//   const answer = await browser.post('/api/session', {json: {...}});
//   await server.rows('SELECT ...');                 // its database's rows (database.mjs)
//   await server.stop();                             // SIGTERM, resolves to the exit code
import {spawn, execFile} from 'node:child_process';
import {mkdtemp, rm, readFile} from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {database_of_server} from './database.mjs';

export const repo_root = fileURLToPath(new URL('../..', import.meta.url));

// Relative paths in the environment are taken from the repository root, so
// the tests run the same from any working directory.
function from_root(file) {
  return path.resolve(repo_root, file);
}

export function server_binary() {
  return from_root(process.env.TWOFOLD_SERVER_BIN ?? 'build/native/server/twofold-server');
}

export function core_dir() {
  return from_root(process.env.TWOFOLD_CORE_DIR ?? 'build/wasm/wasm');
}

// The web app as scripts/start serves it: www/ with the build's compressed
// copies (cmake/web_app.cmake).
export function www_dir() {
  return from_root(process.env.TWOFOLD_WWW_DIR ?? 'build/wasm/www');
}

// Argon2id at libsodium's minimum cost: sign-ins take microseconds instead
// of milliseconds. Only for tests that do not measure hashing.
export const fast_hash_args = ['--argon2-memory-kib', '8', '--argon2-iterations', '1'];

const default_start_timeout_ms = 20_000;
const stop_timeout_ms = 15_000;

export async function fresh_data_dir() {
  return mkdtemp(path.join(tmpdir(), 'twofold-http-'));
}

// Runs the binary to completion (for --help and bad options).
export async function run_server_command(args, {timeout_ms = default_start_timeout_ms, env = {}} = {}) {
  return new Promise((resolve) => {
    execFile(server_binary(), args, {timeout: timeout_ms, cwd: repo_root, env: {...process.env, ...env}}, (error, stdout, stderr) => {
      resolve({code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr});
    });
  });
}

// A self-signed P-256 certificate for localhost and 127.0.0.1, valid one day.
export async function self_signed_certificate() {
  const dir = await mkdtemp(path.join(tmpdir(), 'twofold-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ]);
  return {dir, cert, key, pem: await readFile(cert, 'utf8'), remove: () => rm(dir, {recursive: true, force: true})};
}

// The demo.created line with the passwords from the block printed for people
// (the log never holds them): {company, admin: {account, password, email}, agent: {...}}.
function demo_from(line, block) {
  const demo = {company: line.company};
  for (const {role, account, email} of line.accounts) {
    const shown = block.match(new RegExp(`^ +${role}: account ${account} \\(.*\\), password (\\S+)$`, 'm'));
    if (!shown) throw new Error(`no password printed for the demo ${role}:\n${block}`);
    demo[role] = {account, email, password: shown[1]};
  }
  return demo;
}

// The end of the demo block on standard error.
const demo_block_end = 'keep them somewhere safe';

/**
 * Spawns the server with --www-dir, --core-dir, a data dir and --port (0
 * unless given), and resolves once it logs `server.listening`.
 *   args:      extra command-line arguments (e.g. fast_hash_args)
 *   env:       extra environment variables
 *   tls:       {cert, key} file paths: serve HTTPS with them
 *   port:      listen there (a restart as the same server); default 0, a free one
 *   data_dir:   reuse this directory (the caller removes it); default: a fresh
 *              one, removed by stop()
 * Returns {url, port, demo (null when the database already existed), logs,
 * wait_for_log(predicate), stop(signal) -> exit code, exited, data_dir,
 * rows(sql) and run(sql) on its database (database.mjs), database_args (the
 * arguments that name that database, for operator commands), process, stderr()}.
 */
export async function start_server({args = [], env = {}, tls = null, data_dir = null, port = 0, timeout_ms = default_start_timeout_ms} = {}) {
  const owns_data_dir = data_dir === null;
  const dir = data_dir ?? (await fresh_data_dir());
  const full_args = ['--www-dir', www_dir(), '--core-dir', core_dir(), '--data-dir', dir, '--port', String(port), ...args];
  if (tls) full_args.push('--tls-cert-file', tls.cert, '--tls-key-file', tls.key);

  const child = spawn(server_binary(), full_args, {cwd: repo_root, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
  const logs = [];
  const waiters = new Set();
  let stderr = '';
  let stderr_waiter = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr_waiter && stderr.includes(demo_block_end)) stderr_waiter();
  });
  // Standard error and standard output are two pipes: the block printed
  // before the demo.created line may still be on its way.
  const demo_block = () => new Promise((resolve, reject) => {
    if (stderr.includes(demo_block_end)) return resolve(stderr);
    stderr_waiter = () => resolve(stderr);
    exited.then(() => reject(new Error(`server exited before printing the demo passwords\n${stderr}`)));
  });

  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({code: null, signal: null, error}));
    child.on('exit', (code, signal) => resolve({code, signal, error: null}));
  });
  exited.then((exit) => {
    for (const waiter of waiters) waiter.reject(new Error(`server exited (${describe_exit(exit)}) while waiting for a log line\n${stderr}`));
  });

  readline.createInterface({input: child.stdout}).on('line', (text) => {
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      line = {event: 'unparsed', text};
    }
    logs.push(line);
    for (const waiter of waiters) waiter.offer(line);
  });

  function wait_for_log(predicate, {timeout_ms: wait_ms = default_start_timeout_ms} = {}) {
    const seen = logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        offer(line) {
          if (predicate(line)) settle(() => resolve(line));
        },
        reject(error) {
          settle(() => reject(error));
        },
      };
      const timer = setTimeout(() => waiter.reject(new Error(`no matching log line within ${wait_ms} ms; logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}\n${stderr}`)), wait_ms);
      function settle(finish) {
        clearTimeout(timer);
        waiters.delete(waiter);
        finish();
      }
      waiters.add(waiter);
    });
  }

  // Resolves to the exit code; a server still running after the shutdown
  // grace period (10 s) and a margin is killed and the call fails.
  async function stop(signal = 'SIGTERM') {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    let timer;
    const overdue = new Promise((resolve) => { timer = setTimeout(resolve, stop_timeout_ms, 'overdue'); });
    const exit = await Promise.race([exited, overdue]);
    clearTimeout(timer);
    if (exit === 'overdue') child.kill('SIGKILL');
    await exited;
    if (owns_data_dir) await rm(dir, {recursive: true, force: true});
    if (exit === 'overdue') throw new Error(`server still running ${stop_timeout_ms} ms after ${signal}`);
    return exit.code;
  }

  let listening;
  try {
    listening = await wait_for_log((line) => line.event === 'server.listening', {timeout_ms});
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    if (owns_data_dir) await rm(dir, {recursive: true, force: true});
    throw new Error(`${server_binary()} did not start: ${error.message}`);
  }
  const demo_line = logs.find((line) => line.event === 'demo.created');
  const scheme = tls ? 'https' : 'http';
  const database = database_of_server(full_args, dir);
  return {
    url: `${scheme}://127.0.0.1:${listening.port}`,
    port: listening.port,
    demo: demo_line ? demo_from(demo_line, await demo_block()) : null,
    logs,
    wait_for_log,
    stop,
    exited,
    data_dir: dir,
    rows: (sql) => database.rows(sql),
    run: (sql) => database.run(sql),
    database_args: database.server_args,
    process: child,
    stderr: () => stderr,
  };
}

function describe_exit({code, signal, error}) {
  if (error) return error.message;
  return signal ? `signal ${signal}` : `code ${code}`;
}

const state_changing = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Set-Cookie lines -> Map(name -> {value, attributes: {lower-case name: value|true}, raw}).
export function parse_set_cookie(line) {
  const [pair, ...attribute_parts] = line.split(';');
  const equals = pair.indexOf('=');
  const attributes = {};
  for (const part of attribute_parts) {
    const [name, ...rest] = part.trim().split('=');
    attributes[name.toLowerCase()] = rest.length ? rest.join('=') : true;
  }
  return {name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim(), attributes, raw: line};
}

function expires_now({attributes}) {
  if (attributes['max-age'] !== undefined && Number(attributes['max-age']) <= 0) return true;
  return attributes.expires !== undefined && Date.parse(attributes.expires) <= Date.now();
}

/**
 * A small cookie-keeping browser stand-in over node's http/https (so a test
 * CA can be trusted). State-changing requests carry `X-Requested-With:
 * twofold` and `Origin: <the server's origin>` unless the call says
 * `csrf: false` or gives its own `origin` (null: none).
 *   ca: PEM certificate(s) to trust for https
 *   local_address: the address its connections leave from ('127.0.0.2':
 *     a loopback server sees another client; connecting *to* 127.0.0.2
 *     would still leave from 127.0.0.1)
 *   jar: another client's `cookies`, to share them (a browser sends a
 *     host's cookies to each of its ports: one browser, several servers)
 * Each call resolves to {status, headers (lower-case names), set_cookies
 * (parsed), text, json (or undefined)}.
 */
export function client(base_url, {ca, local_address, jar = new Map()} = {}) {
  const base = new URL(base_url);
  const transport = base.protocol === 'https:' ? https : http;
  // One connection at a time per client, like a browser tab.
  const agent = new transport.Agent({keepAlive: true, maxSockets: 1, ca});

  function request(target, {method = 'GET', json, body, headers = {}, csrf = true, origin = base.origin} = {}) {
    const all_headers = {...headers};
    if (json !== undefined) {
      body = JSON.stringify(json);
      all_headers['content-type'] ??= 'application/json';
    }
    if (state_changing.has(method) && csrf) {
      all_headers['x-requested-with'] ??= 'twofold';
      if (origin !== null) all_headers.origin ??= origin;
    }
    // Node sends a DELETE body with neither Content-Length nor chunked
    // encoding unless told, and a server rightly reads that as no body.
    if (body !== undefined) all_headers['content-length'] ??= Buffer.byteLength(body);
    if (jar.size && all_headers.cookie === undefined) {
      all_headers.cookie = [...jar.values()].map(({name, value}) => `${name}=${value}`).join('; ');
    }
    const url = new URL(target, base);
    return new Promise((resolve, reject) => {
      const options = {method, headers: all_headers, agent};
      if (local_address !== undefined) options.localAddress = local_address;
      const outgoing = transport.request(url, options, (incoming) => {
        const chunks = [];
        incoming.on('data', (chunk) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const set_cookies = (incoming.headers['set-cookie'] ?? []).map(parse_set_cookie);
          for (const cookie of set_cookies) {
            if (expires_now(cookie)) jar.delete(cookie.name);
            else jar.set(cookie.name, cookie);
          }
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({status: incoming.statusCode, headers: incoming.headers, set_cookies, text, json: parsed});
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  return {
    request,
    get: (target, options = {}) => request(target, {...options, method: 'GET'}),
    post: (target, options = {}) => request(target, {...options, method: 'POST'}),
    delete: (target, options = {}) => request(target, {...options, method: 'DELETE'}),
    cookies: jar,
    close: () => agent.destroy(),
  };
}

/**
 * Asks GET /readyz every few milliseconds until it answers 200: a server
 * loads some things after it listens (uap-core's rules, the password
 * blocklist). Resolves to the answers before the 200; fails after timeout_ms.
 */
export async function until_ready(base_url, {timeout_ms = default_start_timeout_ms} = {}) {
  const probe = client(base_url);
  const not_ready = [];
  const give_up = Date.now() + timeout_ms;
  try {
    for (;;) {
      const answer = await probe.get('/readyz');
      if (answer.status === 200) return not_ready;
      not_ready.push(answer);
      if (Date.now() > give_up) throw new Error(`not ready within ${timeout_ms} ms: ${answer.status} ${answer.text}`);
      await new Promise((resolve) => { setTimeout(resolve, 5); });
    }
  } finally {
    probe.close();
  }
}

// Signs in with the demo account of `role` ("admin" | "agent").
export function sign_in_as(browser, demo, role) {
  const {account, password} = demo[role];
  return browser.post('/api/session', {json: {company: demo.company, account, password}});
}

// Writes raw bytes to the server over TCP (for requests no HTTP client would
// send) and resolves, once the server closes the connection, with everything
// it sent and how long the connection lasted. Fails after `timeout_ms`.
export function raw_exchange(port, bytes, {timeout_ms = default_start_timeout_ms} = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    const opened = Date.now();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeout_ms} ms`));
    }, timeout_ms);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});  // a reset still ends in 'close'
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({text: Buffer.concat(chunks).toString('utf8'), lasted_ms: Date.now() - opened});
    });
    socket.write(bytes);
  });
}

// Splits a raw HTTP/1.1 answer: {status, headers (lower-case names), body}.
export function parse_raw_answer(text) {
  const end = text.indexOf('\r\n\r\n');
  const [status_line, ...header_lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const line of header_lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {status: Number(status_line.split(' ')[1]), headers, body: text.slice(end + 4)};
}
