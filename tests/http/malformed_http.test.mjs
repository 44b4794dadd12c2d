// Bytes that are not HTTP/1.1, and clients too slow to send a request: the
// server answers 400 or hangs up, and carries on serving everyone else.
import assert from 'node:assert/strict';
import net from 'node:net';
import {after, before, describe, test} from 'node:test';

import {client, fast_hash_args, parse_raw_answer, raw_exchange, start_server} from '../support/server.mjs';

describe('requests that are not HTTP', () => {
  let server;
  before(async () => {
    server = await start_server({args: fast_hash_args});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const garbage = {
    'binary junk': Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
    'no target or version': 'GARBAGE\r\n\r\n',
    'unknown HTTP version': 'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
    'header without a colon': 'GET / HTTP/1.1\r\nHost x\r\n\r\n',
    'Content-Length not a number': 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n',
    'two different Content-Lengths': 'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    'bad chunk size': 'POST /api/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'header section over 8 KiB': `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    'control character in the target': 'GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n',
  };

  for (const [name, bytes] of Object.entries(garbage)) {
    test(`${name}: 400 bad_request in JSON, then the connection closes`, async () => {
      const {text} = await raw_exchange(server.port, bytes);
      const answer = parse_raw_answer(text);
      assert.equal(answer.status, 400, text);
      assert.equal(answer.headers.connection, 'close');
      assert.match(answer.headers['content-type'], /^application\/json/);
      assert.match(answer.headers['content-security-policy'], /frame-ancestors 'none'/);
      assert.equal(JSON.parse(answer.body).error.code, 'bad_request');
    });
  }

  test('the server still serves after all that', async () => {
    const browser = client(server.url);
    const answer = await browser.get('/healthz');
    assert.equal(answer.status, 200);
    browser.close();
  });

  test('the refused requests are logged with their status', async () => {
    const line = await server.wait_for_log((entry) => entry.event === 'http.request' && entry.status === 400);
    assert.equal(line.ip, '127.0.0.1');
  });
});

describe('slow clients', () => {
  const header_timeout_seconds = 1;
  let server;
  before(async () => {
    server = await start_server({args: [...fast_hash_args, '--header-timeout', String(header_timeout_seconds)]});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('a client that sends its headers a byte at a time is cut off after the header timeout', async () => {
    const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`;
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const connected_at = Date.now();
    let sent = 0;
    let received = '';
    // The slow client: one byte every 20 ms, far slower than the timeout allows.
    const trickle = setInterval(() => {
      if (sent < request.length && socket.writable) socket.write(request[sent++]);
    }, 20);
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(trickle);
    const lasted_ms = Date.now() - connected_at;

    assert.ok(sent < request.length, 'cut off before the request was complete');
    assert.equal(received, '', 'a timeout gets no answer, only a closed connection');
    assert.ok(lasted_ms >= header_timeout_seconds * 1000 - 50, `closed after ${lasted_ms} ms, before the timeout`);
    assert.ok(lasted_ms < header_timeout_seconds * 1000 + 2000, `closed only after ${lasted_ms} ms`);
  });

  test('an idle connection is closed after the header timeout', async () => {
    const {text, lasted_ms} = await raw_exchange(server.port, '', {timeout_ms: 10_000});
    assert.equal(text, '');
    assert.ok(lasted_ms >= header_timeout_seconds * 1000 - 50, `closed after ${lasted_ms} ms`);
  });

  test('a prompt client on the same server is served meanwhile', async () => {
    const browser = client(server.url);
    assert.equal((await browser.get('/healthz')).status, 200);
    browser.close();
  });
});
