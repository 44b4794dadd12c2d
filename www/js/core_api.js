// The core in the browser: the same C++ that validates forms and holds the
// message catalog on the server, compiled to wasm (see wasm/). Node tests use
// the same wrapper, so what they check is what the page runs.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// One call of the core's JSON door: request bytes in, answer bytes out
// (a Uint8Array of JSON text). The request goes on the wasm heap, not on
// ccall's small stack, so any size gets the core's own answer ("too_large").
export function call_core_bytes(module, name, request_bytes) {
  const request = module._malloc(request_bytes.length + 1);
  try {
    // Read HEAPU8 after _malloc: growing the memory replaces the view.
    module.HEAPU8.set(request_bytes, request);
    module.HEAPU8[request + request_bytes.length] = 0;
    const answer = module.ccall('twofold_call', 'number', ['string', 'number'], [name, request]);
    return module.HEAPU8.slice(answer, module.HEAPU8.indexOf(0, answer));
  } finally {
    module._free(request);
  }
}

function call_core(module, name, request) {
  const answer = call_core_bytes(module, name, encoder.encode(JSON.stringify(request)));
  return JSON.parse(decoder.decode(answer));
}

// The core's functions on a loaded module, returning parsed answers
// (shapes in shared/include/twofold/api/core_json.hpp). A refused request
// answers {error: {code, message_key}}.
export function wrap_core(module) {
  const format_message = ({ language, key, pattern, args }) =>
    call_core(module, 'format_message', { language, key, pattern, args });
  return {
    // {company, account, password} -> {ok, errors, normalized, account_kind}
    validate_sign_in: ({ company, account, password }) =>
      call_core(module, 'validate_sign_in', { company, account, password }),
    // {password, field?, username?, email?, company?} -> {ok, errors}: the
    // rule for a new password, the account's words when given; the blocklist
    // is the server's.
    validate_new_password: ({ password, field = 'password', username = '', email = '', company = '' }) =>
      call_core(module, 'validate_new_password', { password, field, username, email, company }),
    // BCP 47 tag -> {language, messages, format}; unknown tags get the default
    // language. format(key, params) is the catalog text for key in that
    // language with params filled in by the core (format_message).
    catalog: (language) => with_format(call_core(module, 'catalog', { language }), format_message),
    // -> {languages: [{tag, native_name}], default}
    languages: () => call_core(module, 'languages', {}),
    // A QR Code of the text's UTF-8 bytes. ecc is 'L', 'M', 'Q' or 'H'; versions
    // in 1-40 (smallest that fits), mask 0-7 or chosen by penalty, boost_ecc
    // raises the level while the version holds. -> {version, ecc, mask, size,
    // modules: ['0101...', ...rows]}, or {error: {code: 'data_too_long', ...}}.
    qr_encode: (text, { ecc = 'M', min_version, max_version, mask, boost_ecc } = {}) =>
      call_core(module, 'qr_encode', { text, ecc, min_version, max_version, mask, boost_ecc }),
    // One-time passwords: {ok: true, ...} or {ok: false, error: code}.
    // hex bytes -> {ok, base32}; padding as in RFC 4648 only when asked for.
    base32_encode: (hex, { padding = false } = {}) => call_core(module, 'base32_encode', { hex, padding }),
    // base32 text -> {ok, hex}
    base32_decode: (base32) => call_core(module, 'base32_decode', { base32 }),
    // {issuer, account, secret_hex, algorithm?, digits?, period?} -> {ok, uri, secret, secret_text}
    otpauth_uri: (key) => call_core(module, 'otpauth_uri', key),
    // otpauth:// URI -> {ok, issuer, account, secret_hex, secret, algorithm, digits, period}
    otpauth_parse: (uri) => call_core(module, 'otpauth_parse', { uri }),
    // HMAC result (hex) -> {ok, code}: RFC 4226 dynamic truncation.
    hotp_truncate: (hmac_hex, digits = 6) => call_core(module, 'hotp_truncate', { hmac_hex, digits }),
    // Unix seconds -> {ok, step, message_hex}: the TOTP time step and its HMAC message.
    totp_counter: (unix_time, period = 30) => call_core(module, 'totp_counter', { unix_time, period }),
    // typed text -> {ok, errors, code}: the 6-digit code without spaces or hyphens.
    normalize_code: (code) => call_core(module, 'normalize_code', { code }),
    // typed text -> {ok, errors, code, display}
    normalize_backup_code: (code) => call_core(module, 'normalize_backup_code', { code }),
    // 9 random bytes (hex) -> {ok, code: 'XXXX-XXXX-XXXX-XX'}
    format_backup_code: (random_hex) => call_core(module, 'format_backup_code', { random_hex }),
    // {language, product?, company, account, unix_time, utc_offset_minutes?, codes} -> {ok, language, text}
    backup_codes_file: (sheet) => call_core(module, 'backup_codes_file', sheet),
    // {last_sent: unix seconds | null, now} -> {phase, seconds_left, can_resend}
    resend_countdown: ({ last_sent = null, now }) =>
      call_core(module, 'resend_countdown', { last_sent, now }),
    // {language, key | pattern, args: {name: string | integer}} -> {language, text}:
    // the catalog text for key, or pattern, with {name}s and plurals filled in.
    format_message,
    // {language, unused, total} -> {language, running_low, text: '3 of 10 codes unused'}:
    // whether to ask for new backup codes, and the status line.
    backup_codes_status: ({ language, unused, total }) =>
      call_core(module, 'backup_codes_status', { language, unused, total }),
    // {country: 'GB', phone: '07700 900123'} -> {ok, errors, phone: '+447700900123' | null,
    // masked: '+44 ••• ••• 0123' | null}: a number for SMS codes in E.164, or why not.
    normalize_phone: ({ country, phone }) => call_core(module, 'normalize_phone', { country, phone }),
    // E.164 -> {masked}: how a number is shown once it is set up.
    mask_phone: (phone) => call_core(module, 'mask_phone', { phone }),
    // -> {countries: [{region: 'GB', dial_code: '44'}, ...]}: the countries a
    // number may belong to, by region code (names come from Intl.DisplayNames).
    phone_countries: () => call_core(module, 'phone_countries', {}),
  };
}

// A catalog answer with format(key, params) for its language. params pass as
// JSON, numbers staying numbers; if the core refuses them (a value neither a
// string nor an integer), the text is given unformatted rather than not at all.
function with_format(catalog, format_message) {
  if (catalog.error) return catalog;
  const format = (key, params = {}) =>
    format_message({ language: catalog.language, key, args: params }).text ?? catalog.messages[key] ?? key;
  return { ...catalog, format };
}

// A file of the core by its path under /core/: the page's import map names
// its fingerprinted URL (server/src/app/static_files.hpp), which the page
// has already begun to fetch; without a map the path stays as it is.
function core_file_path(file) {
  return new URL(import.meta.resolve('/core/' + file)).pathname;
}

// In the browser, after <script src="/core/twofold_core.js"> has defined the
// TwofoldCore factory; the .wasm is fetched from /core/ too.
export async function load_core() {
  const factory = globalThis.TwofoldCore;
  if (typeof factory !== 'function') {
    throw new Error('The core is missing: load /core/twofold_core.js before calling loadCore().');
  }
  return wrap_core(await factory({ locateFile: core_file_path }));
}
