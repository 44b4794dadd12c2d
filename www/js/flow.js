// Where a sign-in goes next. Every answer of a sign-in step carries the
// flow's state (server/src/flows/sign_in_flow.hpp), errors included:
//   {"flow": {"state": S, "expires_in": seconds, "methods": [...]}}
// and the pages route by that state alone, never by status codes or other
// fields of the answer:
//   password        the sign-in page (the error says why)
//   second_factor   the code page
//   new_password    the new-password page
//   bind            the bind page: a single sign-on's external account,
//                   linked once the Twofold account's password is given
//   setup_required  signed in only to set up 2FA: Security settings
//   signed_in       the answer's home
//   locked          no page: the lock message where the person is
import { is_local_path } from './api.js';

const pages = {
  password: '/',
  second_factor: '/verify/',
  new_password: '/new-password/',
  bind: '/bind/',
  setup_required: '/profile/',
};

// Whether an answer's body carries a flow in a state this page knows
// (api.js request()'s `expect` for the steps' pages).
export function has_flow(body) {
  const state = body?.flow?.state;
  return Object.hasOwn(pages, state) || ['signed_in', 'locked'].includes(state);
}

// The flow's state in `answer` (api.js's), or null when it has none (the
// server could not be reached, or the request never reached a flow).
export function flow_state(answer) {
  const state = answer.body?.flow?.state;
  return typeof state === 'string' ? state : null;
}

// The page `answer`'s flow leads to, or null for none (locked, no flow, a
// state this page does not know). `addresses`: where this page sends a state
// instead, with what it knows (the bind page's sign-in page names the company).
export function flow_page(answer, addresses = {}) {
  const state = flow_state(answer);
  if (state === 'signed_in') return is_local_path(answer.body?.home) ? answer.body.home : '/';
  if (Object.hasOwn(addresses, state)) return addresses[state];
  return Object.hasOwn(pages, state) ? pages[state] : null;
}

// Goes to the page `answer`'s flow leads to when it is another page than
// this one. Returns true when the browser is on its way (the page must then
// do nothing more), false when the answer is this page's to show.
export function follow_flow(answer, addresses = {}) {
  const page = flow_page(answer, addresses);
  if (page === null || page === location.pathname) return false;
  location.assign(page);
  return true;
}
