// Connection handling: keep-alive, Connection: close, pipelining, HTTP/1.0,
// and the one log line each request leaves.
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, test} from 'node:test';

import {fast_hash_args, parse_raw_answer, raw_exchange, start_server} from '../support/server.mjs';

let server;
before(async () => {
  server = await start_server({args: fast_hash_args});
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

function get(agent, target) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.url}${target}`, {agent}, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve({status: incoming.statusCode, headers: incoming.headers, reused: request.reusedSocket}));
    });
    request.on('error', reject);
  });
}

test('keep-alive: the next request goes over the same connection', async () => {
  const agent = new http.Agent({keepAlive: true, maxSockets: 1});
  const first = await get(agent, '/healthz');
  const second = await get(agent, '/');
  const third = await get(agent, '/api/me');
  assert.deepEqual([first.status, second.status, third.status], [200, 200, 401]);
  assert.equal(first.reused, false);
  assert.equal(second.reused, true);
  assert.equal(third.reused, true);
  assert.notEqual(first.headers.connection, 'close');
  agent.destroy();
});

test('Connection: close is honoured: the server answers, then hangs up', async () => {
  const {text} = await raw_exchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  const answer = parse_raw_answer(text);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.connection, 'close');
  assert.deepEqual(JSON.parse(answer.body), {status: 'ok'});
});

test('HTTP/1.0 without keep-alive gets an HTTP/1.0 answer and a closed connection', async () => {
  const {text} = await raw_exchange(server.port, 'GET /healthz HTTP/1.0\r\n\r\n');
  assert.match(text, /^HTTP\/1\.0 200/);
});

test('pipelined requests are answered in order', async () => {
  const requests = [
    'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    'GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    'GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
  ];
  const {text} = await raw_exchange(server.port, requests.join(''));
  const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
  assert.deepEqual(statuses, [200, 401, 404]);
});

test('each request is logged once, without its query string', async () => {
  const marker = `/healthz?secret=${Date.now()}`;
  const agent = new http.Agent({keepAlive: false});
  assert.equal((await get(agent, marker)).status, 200);
  const line = await server.wait_for_log((entry) => entry.event === 'http.request' && entry.path === '/healthz');
  assert.equal(line.method, 'GET');
  assert.equal(line.status, 200);
  assert.equal(line.ip, '127.0.0.1');
  assert.equal(typeof line.duration_ms, 'number');
  assert.ok(line.duration_ms >= 0);
  assert.ok(!server.logs.some((entry) => JSON.stringify(entry).includes('secret=')), 'the query is never logged');
  agent.destroy();
});

test('the Server header names no version', async () => {
  const {text} = await raw_exchange(server.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  const answer = parse_raw_answer(text);
  assert.ok(answer.headers.server, 'a Server header');
  assert.doesNotMatch(answer.headers.server, /\d|beast|boost/i);
});
