// One HTTP server on 127.0.0.1 with a free port, and handlers mounted under
// path prefixes: the ground the test OpenID providers stand on. A mounted
// handler sees `req.url` without its prefix and `req.originalUrl` with it
// (the convention of Express and Koa mounts, which oidc-provider builds its
// URLs from).
//
//   const site = await loopback_site();            // site.origin: http://127.0.0.1:<port>
//   site.mount('/google', handler);               // handler(req, res)
//   await site.close();
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';

export async function loopback_site() {
  const mounts = [];  // [{prefix, handler}], the longest prefix first
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://site').pathname;
    const mount = mounts.find(({prefix}) => prefix === '' || path === prefix || path.startsWith(`${prefix}/`));
    if (!mount) return answer(res, 404, 'text/plain', `nothing at ${path}`);
    req.originalUrl = req.url;
    req.url = req.url.slice(mount.prefix.length) || '/';
    Promise.resolve(mount.handler(req, res)).catch((error) => {
      if (!res.headersSent) answer(res, 500, 'text/plain', String(error?.stack ?? error));
      else res.destroy(error);
    });
  });
  // Keep-alive connections would hold close() open.
  server.keepAliveTimeout = 1;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    mount(prefix, handler) {
      assert.ok(prefix === '' || /^\/[^?#]*[^/]$/.test(prefix), `a mount prefix: ${prefix}`);
      mounts.push({prefix, handler});
      mounts.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// Sends a whole answer; the peer hanging up early is its business.
export function answer(res, status, type, body, headers = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.on('error', () => {});
  res.writeHead(status, {'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-store', ...headers});
  res.end(bytes);
}

export function answer_json(res, status, value, headers = {}) {
  answer(res, status, 'application/json', JSON.stringify(value), headers);
}

export function redirect(res, location, status = 302) {
  answer(res, status, 'text/plain', '', {location});
}

// The whole request body as text (our providers' requests are small).
export async function body_text(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A loopback port nothing listens on: bound by the kernel, then released.
 * Connections to it are refused (until something else happens to bind it,
 * which the kernel's ephemeral-port rotation makes unlikely within a test).
 */
export async function dead_port() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const {port} = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function escape_html(text) {
  const entities = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};
  return String(text).replace(/[&<>"']/g, (c) => entities[c]);
}

/**
 * The login page every test provider shows: a form posting the hidden
 * `fields` and the account's `login`, with a cancel button (`abort`). The
 * provider browser (provider_browser.mjs) fills it in.
 */
export function login_page(res, {action, fields = {}, title = 'Sign in'}) {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape_html(name)}" value="${escape_html(value)}">`).join('');
  answer(res, 200, 'text/html; charset=utf-8', `<!DOCTYPE html><title>${escape_html(title)}</title>
<form method="post" action="${escape_html(action)}">${hidden}
<label>Account <input name="login"></label>
<button>Sign in</button> <button name="abort" value="yes">Cancel</button>
</form>`);
}
