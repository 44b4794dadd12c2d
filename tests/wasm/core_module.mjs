// Shared by the wasm core's node tests: where the builds are, how to load the
// module, and how to read the shared vectors (tests/vectors).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo_root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// An environment override is taken relative to the working directory; the
// default relative to the repository.
function locate(variable, fallback) {
  const chosen = process.env[variable] ? path.resolve(process.env[variable]) : path.join(repo_root, fallback);
  if (!existsSync(chosen)) {
    throw new Error(`${chosen} does not exist: build it first or point ${variable} at it`);
  }
  return chosen;
}

export const core_dir = () => locate('TWOFOLD_CORE_DIR', 'build/wasm/wasm');
export const core_cli = () => locate('TWOFOLD_CORE_CLI', 'build/native-tests/tests/support/twofold-core-cli');

export function core_factory() {
  return createRequire(import.meta.url)(path.join(core_dir(), 'twofold_core.js'));
}

export function core_wasm_bytes() {
  return readFileSync(path.join(core_dir(), 'twofold_core.wasm'));
}

// The Emscripten module as node gets it: the .wasm bytes are handed over,
// since 3.1.6's loader cannot fetch a file path.
export async function load_module() {
  return core_factory()({ wasmBinary: core_wasm_bytes() });
}

export function read_json(relative_path) {
  return JSON.parse(readFileSync(path.join(repo_root, relative_path), 'utf8'));
}

// A text from the vectors file as bytes: a string, or parts (a string,
// {repeat, times}, {hex}).
export function decode_text(spec) {
  if (typeof spec === 'string') return Buffer.from(spec, 'utf8');
  if (!Array.isArray(spec)) throw new Error(`a text is a string or an array of parts: ${JSON.stringify(spec)}`);
  return Buffer.concat(spec.map((part) => {
    if (typeof part === 'string') return Buffer.from(part, 'utf8');
    if ('hex' in part) return Buffer.from(part.hex.replaceAll(' ', ''), 'hex');
    return Buffer.from(part.repeat.repeat(part.times), 'utf8');
  }));
}

// ignoreBOM keeps a leading U+FEFF, which a vector tests, in the string.
const strict_utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// The bytes as a string, or null when they are not well-formed UTF-8.
export function utf8_or_null(bytes) {
  try {
    return strict_utf8.decode(bytes);
  } catch {
    return null;
  }
}

// A JSON string literal holding `bytes` unchanged, invalid UTF-8 included:
// only '"', '\' and control bytes are escaped.
export function raw_json_string(bytes) {
  const out = [0x22];
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out.push(0x5c, byte);
    else if (byte < 0x20) out.push(...Buffer.from(`\\u${byte.toString(16).padStart(4, '0')}`));
    else out.push(byte);
  }
  out.push(0x22);
  return Buffer.from(out);
}

export function raw_sign_in_request({ company, account, password }) {
  return Buffer.concat([
    Buffer.from('{"company":'), raw_json_string(company),
    Buffer.from(',"account":'), raw_json_string(account),
    Buffer.from(',"password":'), raw_json_string(password), Buffer.from('}'),
  ]);
}

// Every vector with its form as bytes and its expected answer decoded.
export function sign_in_vectors() {
  return read_json('tests/vectors/sign_in_validation.json').cases.map((vector) => {
    const expect = structuredClone(vector.expect);
    if (expect.normalized) {
      for (const field of Object.keys(expect.normalized)) {
        expect.normalized[field] = decode_text(expect.normalized[field]).toString('utf8');
      }
    }
    const form = {};
    for (const field of ['company', 'account', 'password']) form[field] = decode_text(vector.form[field]);
    return { name: vector.name, form, expect };
  });
}
