// Reads the mail the server sends: .eml files written by its file outbox or
// received by the SMTP sink. Parses just enough MIME for the tests (headers
// with RFC 2047 encoded words, multipart bodies, base64 and quoted-printable
// parts) and waits for new files by watching the folder, never by sleeping.
//
//   const inbox = mailbox(path.join(server.data_dir, 'outbox'));
//   const mail = await inbox.next({to: user.email});   // the next unseen message
//   const code = six_digit_code(mail);
import {watch} from 'node:fs';
import {mkdir, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';

const default_wait_ms = 20_000;

// ---------------------------------------------------------------- parsing

// RFC 5322 §2.2.3: a line starting with white space continues the header above.
function parse_headers(block) {
  const headers = new Map();
  let name = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && name !== null) {
      headers.set(name, headers.get(name) + line);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function split_headers_and_body(text) {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return {headers: parse_headers(text), body: ''};
  return {headers: parse_headers(text.slice(0, match.index)), body: text.slice(match.index + match[0].length)};
}

function decode_quoted_printable(text, {underscore_is_space = false} = {}) {
  const bytes = [];
  const source = text.replace(/=\r?\n/g, '');  // soft line breaks
  for (let i = 0; i < source.length; ++i) {
    const c = source[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && underscore_is_space) {
      bytes.push(0x20);
    } else {
      bytes.push(c.charCodeAt(0));  // the text is bytes read as latin1
    }
  }
  return Buffer.from(bytes);
}

function decode_bytes(bytes, charset) {
  return new TextDecoder(charset || 'utf-8', {fatal: true}).decode(bytes);
}

// RFC 2047: =?charset?B|Q?text?=; white space between adjacent encoded words
// is dropped (§6.2), so a long subject split over several words reads whole.
export function decode_encoded_words(value) {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(word, (whole, charset, encoding, text) => {
    const bytes = encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : decode_quoted_printable(text, {underscore_is_space: true});
    return decode_bytes(bytes, charset);
  });
}

// "multipart/alternative; boundary=\"x\"; charset=UTF-8" -> {type, parameters}
function parse_content_type(value = 'text/plain') {
  const [type, ...parameter_parts] = value.split(';');
  const parameters = {};
  for (const part of parameter_parts) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = part.slice(0, equals).trim().toLowerCase();
    parameters[name] = part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return {type: type.trim().toLowerCase(), parameters};
}

function decode_body(body, headers, parameters) {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let bytes;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decode_quoted_printable(body);
  else bytes = Buffer.from(body, 'latin1');
  return decode_bytes(bytes, parameters.charset);
}

// A MIME entity and, for multiparts, its parts in order (depth-first).
function leaf_parts(text) {
  const {headers, body} = split_headers_and_body(text);
  const {type, parameters} = parse_content_type(headers.get('content-type'));
  if (!type.startsWith('multipart/')) {
    return [{type, headers, charset: parameters.charset ?? null, content: decode_body(body, headers, parameters)}];
  }
  const delimiter = `--${parameters.boundary}`;
  const sections = body.split(new RegExp(`^${escape_reg_exp(delimiter)}(?:--)?[ \\t]*\\r?$`, 'm'));
  // sections[0] is the preamble, the last one the epilogue after the closing delimiter.
  return sections.slice(1, -1).flatMap((section) => leaf_parts(section.replace(/^\r?\n/, '')));
}

function escape_reg_exp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The message is read as latin1 (one character per byte); raw 8-bit header
// text is UTF-8.
function utf8(latin1_text) {
  return Buffer.from(latin1_text, 'latin1').toString('utf8');
}

/**
 * One message -> {headers (Map, lower-case names, raw values), from, to,
 * subject (decoded), message_id, content_type, parts [{type, charset, content}],
 * text, html (the first text/plain and text/html parts, or null)}.
 */
export function parse_mail(raw) {
  const text = (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('latin1');
  const {headers} = split_headers_and_body(text);
  const parts = leaf_parts(text);
  const first = (type) => parts.find((part) => part.type === type)?.content ?? null;
  return {
    headers,
    from: headers.get('from') ?? null,
    to: headers.get('to') ?? null,
    subject: decode_encoded_words(utf8(headers.get('subject') ?? '')),
    message_id: headers.get('message-id') ?? null,
    content_type: parse_content_type(headers.get('content-type')).type,
    parts,
    text: first('text/plain'),
    html: first('text/html'),
  };
}

// The bare addresses in a header such as `Ann <ann@x.example>, bob@y.example`.
export function addresses_in(header) {
  if (!header) return [];
  return header.split(',').map((item) => (/<([^>]+)>/.exec(item)?.[1] ?? item).trim().toLowerCase());
}

// The one six-digit number standing on its own in `content` (the code); fails
// when there is none or more than one, so a test never guesses.
export function six_digit_code(content) {
  const found = [...new Set(content.match(/(?<![0-9])[0-9]{6}(?![0-9])/g) ?? [])];
  if (found.length !== 1) throw new Error(`expected one six-digit code, found ${JSON.stringify(found)} in:\n${content}`);
  return found[0];
}

// ---------------------------------------------------------------- waiting

// NNNN.eml (SMTP sink) and 20260101T000000Z-ID.eml (file outbox) both end in
// a number that grows with every message.
function sequence_of(name) {
  return Number(/(\d+)\.eml$/.exec(name)?.[1] ?? Number.NaN);
}

async function eml_files(folder) {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.eml'));
  return names.sort((a, b) => sequence_of(a) - sequence_of(b) || a.localeCompare(b));
}

/**
 * Resolves with the first result of `check()` that is not undefined,
 * calling it now and again whenever something changes in `folder`; rejects
 * after `timeout_ms` with `describe()` in the message.
 */
export async function when_folder_has(folder, check, {timeout_ms = default_wait_ms, describe = () => ''} = {}) {
  await mkdir(folder, {recursive: true});  // the sender creates it on its first message
  return new Promise((resolve, reject) => {
    let finished = false;
    let checking = false;
    let again = false;
    const watcher = watch(folder, () => recheck());
    const timer = setTimeout(() => finish(() => reject(new Error(`nothing within ${timeout_ms} ms in ${folder}: ${describe()}`))), timeout_ms);

    function finish(settle) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      watcher.close();
      settle();
    }

    // One check at a time; a change during a check makes it run once more.
    async function recheck() {
      if (finished) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const result = await check();
          if (result !== undefined) return finish(() => resolve(result));
        } while (again && !finished);
      } catch (error) {
        finish(() => reject(error));
      } finally {
        checking = false;
      }
    }

    watcher.on('error', (error) => finish(() => reject(error)));
    recheck();
  });
}

/**
 * The messages arriving in `folder`, each handed out once:
 *   next({to, subject, timeout_ms}) -> the oldest message not yet handed out
 *     that is addressed to `to` and whose subject matches (string or RegExp),
 *     waiting for it; messages passed over stay available.
 *   all() -> every message so far, parsed, oldest first.
 * Each message also carries `file` (its path) and `envelope` (the SMTP
 * sink's NNNN.json beside it, when there is one).
 */
export function mailbox(folder) {
  const handed_out = new Set();

  async function read(name) {
    const file = path.join(folder, name);
    const mail = parse_mail(await readFile(file));
    let envelope = null;
    try {
      envelope = JSON.parse(await readFile(file.replace(/\.eml$/, '.json'), 'utf8'));
    } catch {
      envelope = null;  // the file outbox writes no envelope
    }
    return {...mail, file, envelope};
  }

  function matches(mail, {to, subject}) {
    if (to !== undefined && !addresses_in(mail.to).includes(to.toLowerCase())) return false;
    if (subject instanceof RegExp) return subject.test(mail.subject);
    return subject === undefined || mail.subject === subject;
  }

  async function all() {
    return Promise.all((await eml_files(folder)).map(read));
  }

  async function next({to, subject, timeout_ms = default_wait_ms} = {}) {
    const wanted = {to, subject};
    return when_folder_has(folder, async () => {
      for (const name of await eml_files(folder)) {
        if (handed_out.has(name)) continue;
        const mail = await read(name);
        if (!matches(mail, wanted)) continue;
        handed_out.add(name);
        return mail;
      }
      return undefined;
    }, {timeout_ms, describe: () => `no new message to ${to ?? 'anyone'} with subject ${subject ?? '(any)'}`});
  }

  return {folder, next, all};
}

// The server's file outbox for `server` (from start_server).
export function outbox_of(server) {
  return mailbox(path.join(server.data_dir, 'outbox'));
}
