// The web app and the wasm core as files: right bytes, right MIME type,
// revalidation with ETag, security headers, and nothing outside www/.
import assert from 'node:assert/strict';
import {readdir, readFile} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {after, before, test} from 'node:test';

import {client, core_dir, fast_hash_args, repo_root, start_server, www_dir} from '../support/server.mjs';

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

// Raw bytes, so binary files compare exactly.
function fetch_bytes(target, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    // `path` is sent exactly as written: no URL normalisation of "..".
    const request = http.request({host: '127.0.0.1', port: server.port, path: target, method, headers, agent: false}, (incoming) => {
      const chunks = [];
      incoming.on('data', (chunk) => chunks.push(chunk));
      incoming.on('end', () => resolve({status: incoming.statusCode, headers: incoming.headers, body: Buffer.concat(chunks)}));
    });
    request.on('error', reject);
    request.end();
  });
}

async function files_in(dir, extension) {
  return (await readdir(path.join(www_dir(), dir))).filter((name) => name.endsWith(extension)).map((name) => `/${dir}/${name}`);
}

const javascript = /^(text|application)\/javascript/;

async function expected_files() {
  return [
    ['/', 'index.html', /^text\/html/],
    ['/admin/', 'admin/index.html', /^text\/html/],
    ['/agent/', 'agent/index.html', /^text\/html/],
    ['/terms.html', 'terms.html', /^text\/html/],
    ['/privacy.html', 'privacy.html', /^text\/html/],
    ...(await files_in('css', '.css')).map((target) => [target, target.slice(1), /^text\/css/]),
    ...(await files_in('js', '.js')).map((target) => [target, target.slice(1), javascript]),
  ].map(([target, file, type]) => ({target, file: path.join(www_dir(), file), type}))
    .concat([
      {target: '/core/twofold_core.js', file: path.join(core_dir(), 'twofold_core.js'), type: javascript},
      {target: '/core/twofold_core.wasm', file: path.join(core_dir(), 'twofold_core.wasm'), type: /^application\/wasm$/},
    ]);
}

// A page's bytes as served: each include line replaced by its partial.
async function served_bytes(file) {
  const bytes = await readFile(file);
  if (!file.endsWith('.html')) return bytes;
  let text = bytes.toString('utf8');
  for (const [line, partial] of text.matchAll(/<!--#include "(\/partials\/[^"]+)" -->/g)) {
    const expanded = await readFile(path.join(www_dir(), partial), 'utf8');
    text = text.replace(line, () => expanded);
  }
  return Buffer.from(text, 'utf8');
}

test('every page, stylesheet, script and the wasm core is served byte for byte with its MIME type', async () => {
  const files = await expected_files();
  assert.ok(files.some(({target}) => target.startsWith('/css/')), 'www/css has stylesheets');
  assert.ok(files.some(({target}) => target.startsWith('/js/')), 'www/js has scripts');
  for (const {target, file, type} of files) {
    const answer = await fetch_bytes(target);
    assert.equal(answer.status, 200, target);
    assert.match(answer.headers['content-type'], type, target);
    assert.ok(answer.body.equals(await served_bytes(file)), `${target} has the bytes of ${path.relative(repo_root, file)}`);
    assert.ok(!answer.body.includes('<!--#include'), `${target}: every include was expanded`);
  }
});

test('static answers say no-cache and carry a strong ETag that gives 304', async () => {
  for (const target of ['/', '/css/app.css', '/core/twofold_core.wasm']) {
    const first = await fetch_bytes(target);
    assert.equal(first.headers['cache-control'], 'no-cache', target);
    const etag = first.headers.etag;
    assert.match(etag, /^"[^"]+"$/, `${target}: a strong ETag, not W/`);

    const revalidated = await fetch_bytes(target, {'if-none-match': etag});
    assert.equal(revalidated.status, 304, target);
    assert.equal(revalidated.body.length, 0, target);
    assert.equal(revalidated.headers.etag, etag, target);

    const listed = await fetch_bytes(target, {'if-none-match': `"stale", ${etag}`});
    assert.equal(listed.status, 304, `${target}: ETag in a list`);

    const changed = await fetch_bytes(target, {'if-none-match': '"something-else"'});
    assert.equal(changed.status, 200, target);
    assert.ok(changed.body.equals(first.body), target);
  }
  const page = await fetch_bytes('/');
  const style = await fetch_bytes('/css/app.css');
  assert.notEqual(page.headers.etag, style.headers.etag, 'different files, different ETags');
});

test('the wasm core goes out compressed to a browser that accepts it, and decodes to the same bytes', async () => {
  for (const name of ['twofold_core.wasm', 'twofold_core.js']) {
    const target = `/core/${name}`;
    const plain = await readFile(path.join(core_dir(), name));
    const cases = [
      {accept: 'gzip, deflate, br', encoding: 'br', decode: brotliDecompressSync},
      {accept: 'gzip', encoding: 'gzip', decode: gunzipSync},
      {accept: 'identity', encoding: undefined, decode: (bytes) => bytes},
    ];
    const etags = new Set();
    for (const {accept, encoding, decode} of cases) {
      const answer = await fetch_bytes(target, {'accept-encoding': accept});
      assert.equal(answer.status, 200, `${target} ${accept}`);
      assert.equal(answer.headers['content-encoding'], encoding, `${target} ${accept}`);
      assert.equal(answer.headers.vary, 'Accept-Encoding', `${target} ${accept}`);
      assert.equal(Number(answer.headers['content-length']), answer.body.length);
      assert.ok(decode(answer.body).equals(plain), `${target} ${accept} decodes to the file`);
      if (encoding) assert.ok(answer.body.length < plain.length, `${target} ${accept} is smaller`);
      etags.add(answer.headers.etag);
    }
    assert.equal(etags.size, cases.length, `${target}: one ETag per coding`);
  }
});

test('HEAD gives the headers and length without the body', async () => {
  const full = await fetch_bytes('/');
  const head = await fetch_bytes('/', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), full.body.length);
  assert.equal(head.headers.etag, full.headers.etag);
});

test('security headers are on static files, API answers and errors alike', async () => {
  const browser = client(server.url);
  const answers = {
    '/': await browser.get('/'),
    '/core/twofold_core.wasm': await browser.get('/core/twofold_core.wasm'),
    '/healthz': await browser.get('/healthz'),
    '/api/me': await browser.get('/api/me'),
    '/missing.html': await browser.get('/missing.html'),
    'POST /api/session (csrf)': await browser.post('/api/session', {json: {}, csrf: false}),
  };
  for (const [what, answer] of Object.entries(answers)) {
    const csp = answer.headers['content-security-policy'] ?? '';
    assert.match(csp, /script-src[^;]*'wasm-unsafe-eval'/, what);
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, what);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(answer.headers['referrer-policy'], 'no-referrer', what);
    assert.doesNotMatch(answer.headers.server ?? '', /\d/, `${what}: Server names no version`);
  }
  browser.close();
});

test('a missing file is 404, and paths cannot climb out of www/', async () => {
  assert.equal((await fetch_bytes('/missing.html')).status, 404);
  const secret = await readFile(path.join(repo_root, 'package.json'));
  const climbs = [
    '/../package.json', '/css/../../package.json', '/css/..%2F..%2Fpackage.json', '/js/%2e%2e/%2e%2e/package.json',
    '/core/../../package.json', '/css/..\\..\\package.json', '//package.json', '/%2Fetc%2Fpasswd', '/css/%00.css',
  ];
  for (const target of climbs) {
    const answer = await fetch_bytes(target);
    assert.ok(answer.status >= 400 && answer.status < 500, `${target}: ${answer.status}`);
    assert.ok(!answer.body.includes(secret), `${target} leaked a file`);
  }
});
