// The web app and the wasm core as files: right bytes, right MIME type,
// revalidation with ETag, fingerprinted names cached for a year, compressed
// copies, security headers, and nothing outside www/.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {after, before, test} from 'node:test';

import {client, core_dir, fast_hash_args, repo_root, start_server} from '../support/server.mjs';

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

// The source folder: what the build's copy (www_dir()) must serve.
const www_source = path.join(repo_root, 'www');

async function files_in(dir, extension) {
  return (await readdir(path.join(www_source, dir))).filter((name) => name.endsWith(extension)).map((name) => `/${dir}/${name}`);
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
  ].map(([target, file, type]) => ({target, file: path.join(www_source, file), type}))
    .concat([
      {target: '/core/twofold_core.js', file: path.join(core_dir(), 'twofold_core.js'), type: javascript},
      {target: '/core/twofold_core.wasm', file: path.join(core_dir(), 'twofold_core.wasm'), type: /^application\/wasm$/},
    ]);
}

// A page's bytes as written, each include line replaced by its partial; a
// stylesheet's, each @import replaced by the stylesheet it names, in its layer.
async function expanded_bytes(file) {
  const bytes = await readFile(file);
  if (!file.endsWith('.html') && !file.endsWith('.css')) return bytes;
  let text = bytes.toString('utf8');
  for (const [line, partial] of text.matchAll(/<!--#include "(\/partials\/[^"]+)" -->/g)) {
    const expanded = await readFile(path.join(www_source, partial), 'utf8');
    text = text.replace(line, () => expanded);
  }
  for (const [rule, imported, layer] of text.matchAll(/@import url\("(\/css\/[^"]+)"\) layer\((\w+)\);/g)) {
    const inlined = await readFile(path.join(www_source, imported), 'utf8');
    text = text.replace(rule, () => `@layer ${layer} {\n${inlined}\n}`);
  }
  return Buffer.from(text, 'utf8');
}

const fingerprint = /\.[0-9a-f]{12}(\.(?:js|css|wasm))/g;

// A page or stylesheet as served, without what the server adds to it: the
// import map and preloads before a page's first script, and the fingerprint
// in each URL it names.
function without_fingerprints(bytes) {
  return Buffer.from(bytes.toString('utf8')
    .replace(/<script type="importmap">[^<]*<\/script>\n  /, '')
    .replace(/<link rel="(?:modulepreload|preload)" [^>]*>\n  /g, '')
    .replace(fingerprint, '$1'), 'utf8');
}

function import_map_of(page) {
  const found = page.toString('utf8').match(/<script type="importmap">([^<]*)<\/script>/);
  return found ? found[1] : null;
}

// Every fingerprinted URL a page names: in attributes and in its import map.
function fingerprinted_urls_of(page) {
  const text = page.toString('utf8');
  const named = [...text.matchAll(/(?:src|href)="(\/[^"]+\.[0-9a-f]{12}\.\w+)"/g)].map(([, url]) => url);
  const map = import_map_of(page);
  return new Set([...named, ...(map ? Object.values(JSON.parse(map).imports) : [])]);
}

test('every page, stylesheet, script and the wasm core is served byte for byte with its MIME type', async () => {
  const files = await expected_files();
  assert.ok(files.some(({target}) => target.startsWith('/css/')), 'www/css has stylesheets');
  assert.ok(files.some(({target}) => target.startsWith('/js/')), 'www/js has scripts');
  for (const {target, file, type} of files) {
    const answer = await fetch_bytes(target);
    assert.equal(answer.status, 200, target);
    assert.match(answer.headers['content-type'], type, target);
    const rewritten = file.endsWith('.html') || file.endsWith('.css');
    const served = rewritten ? without_fingerprints(answer.body) : answer.body;
    assert.ok(served.equals(await expanded_bytes(file)), `${target} has the bytes of ${path.relative(repo_root, file)}`);
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

test('each asset a page names is served under its fingerprint for a year, the same bytes as under its name', async () => {
  const pages = (await expected_files()).filter(({target}) => target === '/' || target.endsWith('/') || target.endsWith('.html'));
  const named = new Set();
  for (const {target} of pages) {
    for (const url of fingerprinted_urls_of((await fetch_bytes(target)).body)) named.add(url);
  }
  for (const expected of ['/css/app', '/core/twofold_core', '/js/sign_in_page', '/js/core_api', '/js/i18n']) {
    assert.ok([...named].some((url) => url.startsWith(`${expected}.`)), `a page names ${expected} by its fingerprint`);
  }
  assert.ok([...named].some((url) => url.endsWith('.wasm')), 'the wasm core by its fingerprint');
  for (const url of named) {
    const immutable = await fetch_bytes(url);
    assert.equal(immutable.status, 200, url);
    assert.equal(immutable.headers['cache-control'], 'public, max-age=31536000, immutable', url);
    const plain = await fetch_bytes(url.replace(fingerprint, '$1'));
    assert.equal(plain.headers['cache-control'], 'no-cache', `${url}: the old name still works, revalidated`);
    assert.ok(immutable.body.equals(plain.body), `${url}: the same bytes as under its name`);
    const digest = createHash('sha256').update(immutable.body).digest('hex').slice(0, 12);
    assert.ok(url.includes(`.${digest}.`), `${url}: named by the hash of its content`);
  }
});

test('a fingerprint that names no current content is not found', async () => {
  const page = (await fetch_bytes('/')).body.toString('utf8');
  const [, api_print] = page.match(/\/js\/api\.([0-9a-f]{12})\.js/);
  for (const target of ['/js/sign_in_page.000000000000.js', `/js/dom.${api_print}.js`, `/js/api.${api_print}.css`,
                        '/index.000000000000.html']) {
    assert.equal((await fetch_bytes(target)).status, 404, target);
  }
});

test('a page\'s Content-Security-Policy allows its own import map by hash, on 200 and 304', async () => {
  for (const target of ['/', '/admin/', '/profile/', '/terms.html']) {
    const page = await fetch_bytes(target);
    const map = import_map_of(page.body);
    assert.ok(map, `${target} has an import map`);
    const hash = createHash('sha256').update(map, 'utf8').digest('base64');
    const csp = page.headers['content-security-policy'];
    assert.match(csp, new RegExp(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`), target);
    assert.doesNotMatch(csp, /unsafe-inline/, target);
    const revalidated = await fetch_bytes(target, {'if-none-match': page.headers.etag});
    assert.equal(revalidated.status, 304, target);
    assert.equal(revalidated.headers['content-security-policy'], csp, `${target}: the 304 keeps the page's policy`);
  }
});

test('pages, stylesheets and scripts go out compressed and decode to what identity sends', async () => {
  const targets = ['/', '/admin/', '/css/app.css', '/css/tokens.css', '/js/sign_in_page.js', '/js/i18n.js'];
  for (const target of targets) {
    const plain = await fetch_bytes(target, {'accept-encoding': 'identity'});
    for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]]) {
      const answer = await fetch_bytes(target, {'accept-encoding': encoding});
      assert.equal(answer.headers['content-encoding'], encoding, `${target} ${encoding}`);
      assert.equal(answer.headers.vary, 'Accept-Encoding', `${target} ${encoding}`);
      assert.ok(decode(answer.body).equals(plain.body), `${target} ${encoding} decodes to the identity body`);
      assert.ok(answer.body.length < plain.body.length, `${target} ${encoding} is smaller`);
    }
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
