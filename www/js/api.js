// Every call to the Twofold API goes through request(): JSON both ways, the
// header the server's CSRF check requires on every state-changing request,
// and the page's language, so that texts the server writes (error messages)
// match the page. It decides once what a person is told when a call fails.
import { current_language, text } from './i18n.js';

// Set on the signed-in pages (expect_session()): an answer 401
// not_signed_in there means the session ended (signed out from another
// browser, by an administrator, a blocked device, timed out), and the
// browser goes to the sign-in page, whatever the request was.
let session_expected = false;

export function expect_session() {
  session_expected = true;
}

// Resolves, never rejects, to {ok, status, body, message}:
//   ok       true for a 2xx answer (whose body `expect` accepts, when given);
//   status   the HTTP status, 0 when the server could not be reached;
//   body     the parsed JSON answer, or null (none, or not JSON: a proxy's
//            HTML page, say);
//   message  what to tell the person when the answer is not ok, chosen here
//            once: the server's own message; else, status 0, the network
//            error; else the generic error. '' for an ok answer. Chosen when
//            read, so it is in the language the page shows by then (a
//            catalog applied after the request).
// `expect`: what a usable body is (a predicate); a 2xx answer whose body it
// refuses is not ok either (the generic error).
export async function request(method, path, { body, language = current_language(), expect } = {}) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'twofold' };
  if (language) headers['Accept-Language'] = language;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let status;
  let answer_text;
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    status = response.status;
    answer_text = await response.text();
  } catch {
    return answer_of(0, null, false);
  }
  const parsed = parse_json(answer_text);
  if (session_expected && status === 401 && parsed?.error?.code === 'not_signed_in') location.replace('/');
  const ok = status >= 200 && status < 300 && (expect === undefined || expect(parsed));
  return answer_of(status, parsed, ok);
}

function answer_of(status, body, ok) {
  return {
    ok,
    status,
    body,
    get message() {
      if (body?.error?.message) return body.error.message;
      if (ok) return '';
      return status === 0 ? text('error.network') : text('error.internal');
    },
  };
}

function parse_json(answer_text) {
  try {
    return JSON.parse(answer_text);
  } catch {
    return null;
  }
}

// Only paths on this site are followed, so an answer can never send the
// browser elsewhere ("//host" and "/\host" name other sites).
export function is_local_path(path) {
  return typeof path === 'string' && /^\/(?![\/\\])/.test(path);
}

// An address a single sign-on may send the browser to (a provider's sign-in
// page, on another site): an absolute http(s) URL, returned as parsed; null
// for anything else (javascript:, data:, a relative path, not a URL).
export function web_address(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
