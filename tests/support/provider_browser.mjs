// The part of a browser's journey that happens at the OpenID providers: one
// cookie jar per origin (client() of server.mjs), redirects followed by hand,
// and the providers' login forms (login_page in loopback_site.mjs) filled in
// as the given account. It stops at the first redirect to the relying
// party's redirect_uri and hands that URL back undelivered, so the test
// decides which browser delivers it, when, and how often.
//
//   const at = provider_browser();
//   const callback = await at.sign_in(start.json.redirect, {login: 'ann', until: redirect_uri});
//   at.close();
import assert from 'node:assert/strict';

import {client} from './server.mjs';

const max_steps = 20;
const redirects = new Set([301, 302, 303, 307, 308]);

function unescape_html(text) {
  const characters = {amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"};
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (whole, name) => characters[name]);
}

function attribute(tag, name) {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescape_html(match[1]) : undefined;
}

// The one form on a provider's page: {action, fields (the hidden inputs)}.
function form_of(html) {
  const forms = html.match(/<form\b[^>]*>/g) ?? [];
  if (forms.length !== 1) return null;
  const fields = new URLSearchParams();
  for (const input of html.match(/<input\b[^>]*>/g) ?? []) {
    if (attribute(input, 'type') === 'hidden') fields.append(attribute(input, 'name'), attribute(input, 'value') ?? '');
  }
  return {action: attribute(forms[0], 'action'), method: (attribute(forms[0], 'method') ?? 'get').toUpperCase(), fields};
}

function same_page(url, target) {
  const wanted = new URL(target);
  return url.origin === wanted.origin && url.pathname === wanted.pathname;
}

export function provider_browser() {
  const jars = new Map();  // origin -> client
  function at(origin) {
    if (!jars.has(origin)) jars.set(origin, client(origin));
    return jars.get(origin);
  }

  /**
   * Goes to `url` and on until a redirect to `until` (the redirect_uri,
   * compared without its query), filling each login form with `login` (or
   * pressing Cancel when `abort`). Resolves to that redirect's URL.
   */
  async function sign_in(url, {login, abort = false, until}) {
    assert.ok(until, 'sign_in needs the redirect_uri to stop at');
    let next = {url: new URL(url), method: 'GET', body: undefined};
    for (let step = 0; step < max_steps; ++step) {
      if (same_page(next.url, until)) return next.url;
      const headers = next.body === undefined ? {} : {'content-type': 'application/x-www-form-urlencoded'};
      const answer = await at(next.url.origin).request(next.url.pathname + next.url.search, {
        method: next.method, body: next.body, headers, csrf: false,
      });
      if (redirects.has(answer.status)) {
        next = {url: new URL(answer.headers.location, next.url), method: 'GET', body: undefined};
        continue;
      }
      const form = answer.status === 200 ? form_of(answer.text) : null;
      if (!form) {
        throw new Error(`the provider answered ${answer.status} at ${next.url.href}:\n${answer.text.slice(0, 2000)}`);
      }
      if (abort) form.fields.set('abort', 'yes');
      else form.fields.set('login', login);
      const action = new URL(form.action ?? next.url.href, next.url);
      next = form.method === 'POST'
        ? {url: action, method: 'POST', body: form.fields.toString()}
        : {url: new URL(`${action.origin}${action.pathname}?${form.fields}`), method: 'GET', body: undefined};
    }
    throw new Error(`no redirect to ${until} within ${max_steps} steps from ${url}`);
  }

  return {
    sign_in,
    close() {
      for (const jar of jars.values()) jar.close();
    },
  };
}
