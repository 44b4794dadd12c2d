// The text messages the server sends, as the tests read them: the files of
// its default SMS transport (<data-dir>/outbox/sms/*.txt), or the requests
// a small HTTP SMS gateway on loopback receives. Both hand each message out
// once and wait on events (folder changes, requests), never by sleeping.
//
//   const phone = sms_outbox(server);                  // the file transport
//   const sms = await phone.next({to: '+447700900123'});
//   const code = six_digit_code(sms.text);
//
//   const gateway = await start_sms_gateway();         // the HTTP transport
//   server args: gateway.args({content_type: 'json'})
//   const sms = await gateway.next();                  // {to, text, request}
//   gateway.answer_with(503);                          // an outage; 200 again: answer_with(200)
import {EventEmitter} from 'node:events';
import {readdir, readFile} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

import {when_folder_has} from './mail.mjs';

const default_wait_ms = 20_000;

// ---------------------------------------------------------------- the file transport

// "To: +447700900123\nDate: ...\n\n<text>\n" -> {to, date, text}
export function parse_sms_file(content) {
  const [head, ...body] = content.split('\n\n');
  const headers = Object.fromEntries(head.split('\n').map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  }));
  return {to: headers.to, date: headers.date, text: body.join('\n\n').replace(/\n$/, '')};
}

// 20260101T000000Z-ID.txt: the outbox id grows with every message.
function sequence_of(name) {
  return Number(/-(\d+)\.txt$/.exec(name)?.[1] ?? Number.NaN);
}

/**
 * The SMS files of `server` (from start_server), each handed out once:
 *   next({to, timeout_ms}) -> the oldest file not yet handed out to `to`
 *   all() -> every message so far, oldest first
 */
export function sms_outbox(server) {
  const folder = path.join(server.data_dir, 'outbox', 'sms');
  const handed_out = new Set();

  async function files() {
    const names = (await readdir(folder)).filter((name) => name.endsWith('.txt'));
    return names.sort((a, b) => sequence_of(a) - sequence_of(b));
  }

  async function read(name) {
    return {...parse_sms_file(await readFile(path.join(folder, name), 'utf8')), file: path.join(folder, name)};
  }

  async function next({to, timeout_ms = default_wait_ms} = {}) {
    return when_folder_has(folder, async () => {
      for (const name of await files()) {
        if (handed_out.has(name)) continue;
        const sms = await read(name);
        if (to !== undefined && sms.to !== to) continue;
        handed_out.add(name);
        return sms;
      }
      return undefined;
    }, {timeout_ms, describe: () => `no new SMS to ${to ?? 'anyone'}`});
  }

  async function all() {
    try {
      return await Promise.all((await files()).map(read));
    } catch (error) {
      if (error.code === 'ENOENT') return [];
      throw error;
    }
  }

  return {folder, next, all};
}

// ---------------------------------------------------------------- an HTTP gateway

function read_body(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

// The message in a request's body: {"to","text"} as JSON, or to=&text= as a form.
function message_of(content_type, body) {
  if (content_type.startsWith('application/json')) {
    const json = JSON.parse(body);
    return {to: json.to, text: json.text};
  }
  const form = new URLSearchParams(body);
  return {to: form.get('to'), text: form.get('text')};
}

/**
 * A loopback HTTP SMS gateway that records every request it gets:
 *   url, port
 *   args({content_type, body, auth_header}) -> the server's --sms-* options for it
 *   next({to, timeout_ms}) -> the oldest delivered message not yet handed out
 *       (answered 2xx): {to, text, request: {method, url, headers, body}}
 *   requests -> every request so far, with `status`, the answer it got
 *   when_requests(n) -> resolves once n requests came (delivered or not)
 *   answer_with(status) -> the status of the next answers (200 by default)
 *   stop() -> stops listening (the gateway is down); start() listens again on the same port
 */
export async function start_sms_gateway() {
  const events = new EventEmitter();
  const requests = [];
  const delivered = [];
  const handed_out = new Set();
  let status = 200;

  const server = http.createServer(async (request, response) => {
    const body = await read_body(request);
    const recorded = {method: request.method, url: request.url, headers: request.headers, body, status};
    requests.push(recorded);
    response.writeHead(status, {'content-type': 'application/json'});
    response.end(status < 300 ? '{"status":"queued"}' : '{"error":"unavailable"}');
    if (status < 300) delivered.push({...message_of(request.headers['content-type'] ?? '', body), request: recorded});
    events.emit('request');
  });

  let port = 0;
  async function start() {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    port = server.address().port;
  }
  await start();

  function when(check, {timeout_ms = default_wait_ms, describe}) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const found = check();
        if (found === undefined) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${describe()} within ${timeout_ms} ms; requests: ${JSON.stringify(requests.map((r) => [r.status, r.body]))}`));
      }, timeout_ms);
      const finish = () => {
        clearTimeout(timer);
        events.off('request', attempt);
      };
      events.on('request', attempt);
      attempt();
    });
  }

  return {
    get url() {
      return `http://127.0.0.1:${port}/send`;
    },
    get port() {
      return port;
    },
    requests,
    args({content_type = 'json', body = null, auth_header = null} = {}) {
      const args = ['--sms-transport', 'http', '--sms-gateway-url', this.url, '--sms-gateway-content-type', content_type];
      if (body !== null) args.push('--sms-gateway-body', body);
      if (auth_header !== null) args.push('--sms-gateway-auth-header', auth_header);
      return args;
    },
    next({to, timeout_ms} = {}) {
      return when(() => delivered.find((sms) => !handed_out.has(sms) && (to === undefined || sms.to === to) && handed_out.add(sms)),
        {timeout_ms, describe: () => `no SMS to ${to ?? 'anyone'}`});
    },
    when_requests(count, {timeout_ms} = {}) {
      return when(() => (requests.length >= count ? requests.slice(0, count) : undefined),
        {timeout_ms, describe: () => `not ${count} requests`});
    },
    answer_with(next_status) {
      status = next_status;
    },
    start,
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
