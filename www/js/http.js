// Calls to the Twofold API: JSON both ways, the header the server's CSRF
// check requires on every state-changing request, and the page's language
// so that texts the server writes (error messages) match the page.
//
// Resolves to {status, ok, body} with body the parsed JSON or null; rejects
// only when the server could not be reached.
export async function call_api(method, path, { body, language } = {}) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'twofold' };
  if (language) headers['Accept-Language'] = language;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return { status: response.status, ok: response.ok, body: parse_json(await response.text()) };
}

// A proxy in front of the server may answer with HTML; that is "no body" here.
function parse_json(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// The server's error text, or `fallback` when the answer carried none.
export function error_message(answer, fallback) {
  return answer.body?.error?.message || fallback;
}

// Only paths on this site are followed, so an answer can never send the
// browser elsewhere ("//host" and "/\host" name other sites).
export function is_local_path(path) {
  return typeof path === 'string' && /^\/(?![\/\\])/.test(path);
}
