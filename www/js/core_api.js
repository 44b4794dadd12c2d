// The core in the browser: the same C++ that validates forms and holds the
// message catalog on the server, compiled to wasm (see wasm/). Node tests use
// the same wrapper, so what they check is what the page runs.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// One call of the core's JSON door: request bytes in, answer bytes out
// (a Uint8Array of JSON text). The request goes on the wasm heap, not on
// ccall's small stack, so any size gets the core's own answer ("too_large").
export function callCoreBytes(module, name, requestBytes) {
  const request = module._malloc(requestBytes.length + 1);
  try {
    // Read HEAPU8 after _malloc: growing the memory replaces the view.
    module.HEAPU8.set(requestBytes, request);
    module.HEAPU8[request + requestBytes.length] = 0;
    const answer = module.ccall('twofold_call', 'number', ['string', 'number'], [name, request]);
    return module.HEAPU8.slice(answer, module.HEAPU8.indexOf(0, answer));
  } finally {
    module._free(request);
  }
}

function callCore(module, name, request) {
  const answer = callCoreBytes(module, name, encoder.encode(JSON.stringify(request)));
  return JSON.parse(decoder.decode(answer));
}

// The core's functions on a loaded module, returning parsed answers
// (shapes in shared/include/twofold/api/core_json.hpp). A refused request
// answers {error: {code, message_key}}.
export function wrapCore(module) {
  return {
    // {company, account, password} -> {ok, errors, normalized, account_kind}
    validateSignIn: ({ company, account, password }) =>
      callCore(module, 'validate_sign_in', { company, account, password }),
    // BCP 47 tag -> {language, messages}; unknown tags get the default language.
    catalog: (language) => callCore(module, 'catalog', { language }),
    // -> {languages: [{tag, native_name}], default}
    languages: () => callCore(module, 'languages', {}),
  };
}

// In the browser, after <script src="/core/twofold_core.js"> has defined the
// TwofoldCore factory; the .wasm is fetched from /core/ too.
export async function loadCore() {
  const factory = globalThis.TwofoldCore;
  if (typeof factory !== 'function') {
    throw new Error('The core is missing: load /core/twofold_core.js before calling loadCore().');
  }
  return wrapCore(await factory({ locateFile: (file) => '/core/' + file }));
}

// Fills {name} placeholders from `params`; a placeholder without a value is
// left as written, so a missing parameter shows instead of vanishing.
export function format(text, params = {}) {
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (placeholder, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder);
}
