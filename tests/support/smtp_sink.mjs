// A real SMTP server for the HTTP tests: tests/server/support/smtp_sink.py
// (aiosmtpd) on 127.0.0.1, keeping what it receives as NNNN.eml files.
//
//   const sink = await start_smtp_sink();              // a free port, a fresh folder
//   start_server({args: ['--mail-transport', 'smtp', '--smtp-url', sink.url]});
//   const mail = await sink.inbox.next({to: 'ann@example.com'});
//   await sink.stop();
//
// Readiness is an event: the sink is started through a few lines of Python
// that print `listening` once aiosmtpd's Controller.start() has returned,
// which it does only after a connection to the new server succeeded.
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import {mailbox} from './mail.mjs';
import {repo_root} from './server.mjs';

// Debian's python3 on purpose: that is where python3-aiosmtpd installs,
// whichever python3 comes first on PATH.
const system_python = process.env.TWOFOLD_SYSTEM_PYTHON ?? '/usr/bin/python3';
const sink_script_dir = path.join(repo_root, 'tests/server/support');
const start_timeout_ms = 20_000;

const announce_when_listening = `
import sys
sys.path.insert(0, sys.argv[1])
import smtp_sink
started = smtp_sink.Controller.start
def start_and_announce(controller):
    started(controller)
    print("listening", flush=True)
smtp_sink.Controller.start = start_and_announce
sys.argv = ["smtp_sink.py", *sys.argv[2:]]
smtp_sink.main()
`;

// A loopback port that was free a moment ago (the OS picks it; we release it).
export function free_loopback_port() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the sink; resolves once it accepts connections.
 *   port:   default a free one
 *   folder: where messages go; default a fresh temporary folder, removed by stop()
 * Returns {port, url (smtp://127.0.0.1:PORT), folder, inbox (a mailbox()),
 * pause() and resume() (SIGSTOP, SIGCONT: a mail server that stops
 * answering, its connections waiting in the kernel's backlog),
 * stop() -> resolves once the process has exited}.
 */
export async function start_smtp_sink({port = null, folder = null} = {}) {
  const owns_folder = folder === null;
  const dir = folder ?? (await mkdtemp(path.join(tmpdir(), 'twofold-smtp-')));
  const chosen_port = port ?? (await free_loopback_port());
  const child = spawn(system_python, ['-c', announce_when_listening, sink_script_dir, String(chosen_port), dir],
                      {stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({code: null, signal: null, error}));
    child.on('exit', (code, signal) => resolve({code, signal, error: null}));
  });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');  // a paused sink handles SIGTERM only once running
      child.kill('SIGTERM');
    }
    await exited;
    if (owns_folder) await rm(dir, {recursive: true, force: true});
  }

  const listening = new Promise((resolve) => {
    readline.createInterface({input: child.stdout}).on('line', (line) => {
      if (line === 'listening') resolve('listening');
    });
  });
  let timer;
  const overdue = new Promise((resolve) => { timer = setTimeout(resolve, start_timeout_ms, 'overdue'); });
  const outcome = await Promise.race([listening, exited.then(() => 'exited'), overdue]);
  clearTimeout(timer);
  if (outcome !== 'listening') {
    await stop();
    throw new Error(`the SMTP sink (${system_python}, aiosmtpd) did not start on port ${chosen_port} (${outcome}); ` +
                    `is python3-aiosmtpd installed?\n${stderr}`);
  }
  return {
    port: chosen_port, url: `smtp://127.0.0.1:${chosen_port}`, folder: dir, inbox: mailbox(dir), stop, stderr: () => stderr,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}
