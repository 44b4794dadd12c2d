// The connection caps (--max-connections-per-client, --max-connections):
// idle connections over a cap make room, oldest first, so a client holding
// many open connections cannot starve anyone, itself included. The header
// timeout is an hour here: a connection that closes was closed by the cap;
// a connection never closed fails the test at its deadline.
import assert from 'node:assert/strict';
import net from 'node:net';
import {after, before, describe, test} from 'node:test';

import {client, fast_hash_args, parse_raw_answer, start_server} from '../support/server.mjs';

const healthz = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';

// An open, idle connection from `local_address`; `closed` resolves when the server hangs up.
function idle_connection(port, local_address) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({port, host: '127.0.0.1', localAddress: local_address});
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { received += chunk; });
    const closed = new Promise((resolve_closed) => socket.on('close', () => resolve_closed(received)));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({socket, closed, is_open: () => !socket.destroyed && socket.readyState === 'open'}));
    socket.once('error', reject);
  });
}

// Asks for /healthz on an open connection; resolves to the parsed answer once the server closes it.
async function healthz_on(connection) {
  connection.socket.write(healthz);
  return parse_raw_answer(await connection.closed);
}

async function open_in_order(port, local_address, count) {
  const connections = [];
  for (let i = 0; i < count; ++i) connections.push(await idle_connection(port, local_address));
  return connections;
}

describe('per client', () => {
  let server;
  before(async () => {
    server = await start_server({args: [...fast_hash_args, '--max-connections-per-client', '3', '--header-timeout', '3600']});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('one client over its cap loses its oldest idle connection; /healthz still answers', {timeout: 30_000}, async () => {
    const [oldest, second, third] = await open_in_order(server.port, '127.0.0.1', 3);
    const fourth = await idle_connection(server.port, '127.0.0.1');
    assert.equal(await oldest.closed, '', 'the oldest idle connection is closed without an answer');
    assert.ok(second.is_open() && third.is_open() && fourth.is_open(), 'the others stay');

    // A fresh connection of the same client takes the next oldest's place and is answered.
    const fresh = client(server.url);
    assert.equal((await fresh.get('/healthz')).status, 200);
    assert.equal(await second.closed, '', 'the next oldest idle connection made room');
    assert.equal((await healthz_on(fourth)).status, 200, 'the younger ones still work');
    assert.equal((await healthz_on(third)).status, 200);

    // Another client was never in the way.
    const other = client(server.url, {local_address: '127.0.0.2'});
    assert.equal((await other.get('/healthz')).status, 200);
    fresh.close();
    other.close();
  });
});

describe('in total', () => {
  let server;
  before(async () => {
    server = await start_server({args: [...fast_hash_args, '--max-connections', '16', '--header-timeout', '3600']});
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('a new client over the total cap takes the place of the oldest idle connection of anyone', {timeout: 30_000}, async () => {
    const crowd = await open_in_order(server.port, '127.0.0.1', 16);
    const other = client(server.url, {local_address: '127.0.0.2'});
    assert.equal((await other.get('/healthz')).status, 200);
    assert.equal(await crowd[0].closed, '');
    assert.ok(crowd.slice(1).every((connection) => connection.is_open()));
    other.close();
    for (const connection of crowd.slice(1)) connection.socket.destroy();
  });
});
