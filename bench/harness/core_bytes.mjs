// The browser core's bytes on the wire: what Twofold sends for the wasm core
// and its loader to a browser that accepts brotli and gzip, against the
// same files compressed here with gzip -9 and brotli at quality 11.
import {readFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

import {fixed, ratio, table} from './figures.mjs';
import {core_dir} from './processes.mjs';

export const core_files = ['twofold_core.wasm', 'twofold_core.js'];

// GET /core/<file> as Chromium asks: {bytes (as sent), coding}.
function as_sent(port, file) {
  return new Promise((resolve, reject) => {
    http.get({host: '127.0.0.1', port, path: `/core/${file}`, headers: {'accept-encoding': 'br, gzip'}, agent: false}, (answer) => {
      let bytes = 0;
      answer.on('data', (chunk) => { bytes += chunk.length; });
      answer.on('end', () => {
        if (answer.statusCode !== 200) reject(new Error(`/core/${file}: ${answer.statusCode}`));
        resolve({bytes, coding: answer.headers['content-encoding'] ?? 'identity'});
      });
    }).on('error', reject);
  });
}

export async function core_bytes(run) {
  const port = new URL(run.twofold_url).port;
  const rows = [];
  let sent_total = 0;
  let gzip_total = 0;
  let brotli_total = 0;
  for (const file of core_files) {
    const built = readFileSync(path.join(core_dir, file));
    const sent = await as_sent(port, file);
    const gzip = zlib.gzipSync(built, {level: 9}).length;
    const brotli = zlib.brotliCompressSync(built, {params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 11}}).length;
    sent_total += sent.bytes;
    gzip_total += gzip;
    brotli_total += brotli;
    rows.push(`| \`${file}\` | ${fixed(built.length)} B | ${fixed(sent.bytes)} B (${sent.coding}) | ${fixed(gzip)} B | ${fixed(brotli)} B |`);
  }
  return [
    '### The browser core on the wire\n\n`GET /core/…` with `Accept-Encoding: br, gzip`; the anchor is the same'
    + ' files compressed here (gzip -9, brotli quality 11).\n',
    table([{figure: 'wasm core + loader as sent', twofold: `${fixed(sent_total)} B`,
            anchor: `gzip -9: ${fixed(gzip_total)} B; brotli: ${fixed(brotli_total)} B`,
            ratio: `${ratio(sent_total, brotli_total)} of brotli`, goal: '≤ 100 KB on the wire'}]),
    '',
    '| file | as built | as sent | gzip -9 | brotli |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
