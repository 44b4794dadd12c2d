// A real SMTP server for the HTTP tests: tests/server/support/smtp_sink.py
// (aiosmtpd) on 127.0.0.1, keeping what it receives as NNNN.eml files.
//
//   const sink = await startSmtpSink();              // a free port, a fresh folder
//   startServer({args: ['--mail-transport', 'smtp', '--smtp-url', sink.url]});
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
import {repoRoot} from './server.mjs';

// Debian's python3 on purpose: that is where python3-aiosmtpd installs,
// whichever python3 comes first on PATH.
const systemPython = process.env.TWOFOLD_SYSTEM_PYTHON ?? '/usr/bin/python3';
const sinkScriptDir = path.join(repoRoot, 'tests/server/support');
const startTimeoutMs = 20_000;

const announceWhenListening = `
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
export function freeLoopbackPort() {
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
 * stop() -> resolves once the process has exited}.
 */
export async function startSmtpSink({port = null, folder = null} = {}) {
  const ownsFolder = folder === null;
  const dir = folder ?? (await mkdtemp(path.join(tmpdir(), 'twofold-smtp-')));
  const chosenPort = port ?? (await freeLoopbackPort());
  const child = spawn(systemPython, ['-c', announceWhenListening, sinkScriptDir, String(chosenPort), dir],
                      {stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({code: null, signal: null, error}));
    child.on('exit', (code, signal) => resolve({code, signal, error: null}));
  });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (ownsFolder) await rm(dir, {recursive: true, force: true});
  }

  const listening = new Promise((resolve) => {
    readline.createInterface({input: child.stdout}).on('line', (line) => {
      if (line === 'listening') resolve('listening');
    });
  });
  let timer;
  const overdue = new Promise((resolve) => { timer = setTimeout(resolve, startTimeoutMs, 'overdue'); });
  const outcome = await Promise.race([listening, exited.then(() => 'exited'), overdue]);
  clearTimeout(timer);
  if (outcome !== 'listening') {
    await stop();
    throw new Error(`the SMTP sink (${systemPython}, aiosmtpd) did not start on port ${chosenPort} (${outcome}); ` +
                    `is python3-aiosmtpd installed?\n${stderr}`);
  }
  return {port: chosenPort, url: `smtp://127.0.0.1:${chosenPort}`, folder: dir, inbox: mailbox(dir), stop, stderr: () => stderr};
}
