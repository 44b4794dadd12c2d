// Debian's nginx as a TLS-terminating reverse proxy in front of a server
// under test, with the repository's own site configuration
// (deploy/nginx-twofold.conf) filled in. It runs from a temporary prefix
// (pid file, temporary files, no logs beyond stderr), so no root is needed,
// and it is ready once its pid file appears: nginx writes it after its
// listening socket is open.
//
//   const proxy = await start_nginx_proxy({upstream_port: server.port, tls, port});
//   client(proxy.url, {ca: tls.pem});
//   await proxy.stop();
import {spawn} from 'node:child_process';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {watch} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {repo_root} from './server.mjs';

const nginx_binary = '/usr/sbin/nginx';
const start_timeout_ms = 20_000;
const stop_timeout_ms = 15_000;

export const site_template = path.join(repo_root, 'deploy', 'nginx-twofold.conf');

// The site file with its @NAMES@ replaced; a name left over is a mistake.
export async function filled_site({listen, server_name, cert, key, upstream}) {
  const values = {LISTEN: listen, SERVER_NAME: server_name, CERT: cert, KEY: key, UPSTREAM: upstream};
  const filled = (await readFile(site_template, 'utf8')).replace(/@([A-Z_]+)@/g, (whole, name) => {
    if (!(name in values)) throw new Error(`${site_template}: unknown placeholder ${whole}`);
    return values[name];
  });
  return filled;
}

// What a packaged nginx.conf would hold around the site, pointed at `dir`.
function main_config(dir) {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/twofold.conf;
}
`;
}

/**
 * Starts nginx on 127.0.0.1:`port` (https), forwarding to 127.0.0.1:`upstream_port`.
 *   tls: {cert, key} PEM files (tests/support/server.mjs self_signed_certificate)
 * Returns {url, port, stop() -> exit code, stderr()}.
 */
export async function start_nginx_proxy({upstream_port, tls, port, server_name = '127.0.0.1'}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'twofold-nginx-'));
  // Run as root, nginx's workers are nobody and must reach their temporary folders.
  await chmod(dir, 0o755);
  const site = await filled_site({
    listen: `127.0.0.1:${port}`, server_name, cert: tls.cert, key: tls.key, upstream: `127.0.0.1:${upstream_port}`,
  });
  await writeFile(path.join(dir, 'twofold.conf'), site);
  await writeFile(path.join(dir, 'nginx.conf'), main_config(dir));

  let watcher;
  const pid_written = new Promise((resolve) => {
    watcher = watch(dir, (event, file) => {
      if (file === 'nginx.pid') resolve();
    });
  });
  const child = spawn(nginx_binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'],
                      {stdio: ['ignore', 'ignore', 'pipe']});
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({code: null, error}));
    child.on('exit', (code, signal) => resolve({code, signal}));
  });

  let timer;
  const outcome = await Promise.race([
    pid_written.then(() => 'ready'),
    exited.then(() => 'exited'),
    new Promise((resolve) => { timer = setTimeout(resolve, start_timeout_ms, 'timeout'); }),
  ]);
  clearTimeout(timer);
  watcher.close();
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, {recursive: true, force: true});
    throw new Error(`nginx did not start (${outcome}):\n${stderr}`);
  }

  async function stop() {
    // SIGQUIT: finish the requests in flight, then exit.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    let stop_timer;
    const overdue = new Promise((resolve) => { stop_timer = setTimeout(resolve, stop_timeout_ms, 'overdue'); });
    const exit = await Promise.race([exited, overdue]);
    clearTimeout(stop_timer);
    if (exit === 'overdue') child.kill('SIGKILL');
    await exited;
    await rm(dir, {recursive: true, force: true});
    if (exit === 'overdue') throw new Error(`nginx still running ${stop_timeout_ms} ms after SIGQUIT`);
    return exit.code;
  }

  return {url: `https://${server_name}:${port}`, port, stop, stderr: () => stderr};
}
