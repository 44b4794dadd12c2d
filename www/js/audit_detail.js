// The audit log's Detail column: what the server recorded with an event (a
// JSON object, server/src/**: audit_event(..., detail)) as text in the
// reader's language, e.g. "Method: authenticator app · Code: backup code ·
// 3 attempts left" or "Reason: wrong password". Every text comes from the
// catalog; a field this page does not know is shown as "name: value", and
// never as JSON.
import { current_language, text } from './i18n.js';
import { device_name } from './client_names.js';

const separator = ' · ';

// `detail` is the event's detail object; `actor` the admin the By column
// names (then the detail's own record of them is left out), or null;
// `event` the event's name (a field may mean one thing for one event and
// another for the next: `which` names trusted browsers or sessions).
// The known fields come in the order below (the server stores them sorted
// by name), then the others as recorded.
export function detail_text(detail, actor, event = '') {
  const recorded = { ...detail };
  delete recorded.deleted_user;  // the User column names them
  if (actor) {  // the By column does
    delete recorded.by_user_id;
    delete recorded.deleted_by_user;
    delete recorded.by_operator;
  }
  const known = Object.keys(fields).filter((name) => Object.hasOwn(recorded, name));
  const unknown = Object.keys(recorded).filter((name) => !Object.hasOwn(fields, name));
  return [
    ...known.flatMap((name) => fields[name](recorded[name], recorded, event)),
    ...unknown.flatMap((name) => unknown_field(name, recorded[name])),
  ].join(separator);
}

// ---- Known fields, in the order they are told: name -> (value, detail, event) => [texts]

const fields = {
  by_user_id: (id) => [field('audit.column_actor', text('audit.detail.user_id', { id: String(id) }))],
  by_operator: () => [field('audit.column_actor', text('audit.operator'))],
  deleted_by_user: (user) => [field('audit.column_actor', text('audit.deleted_user', { username: user?.username ?? '' }))],
  method: (method) => [field('audit.detail.method', one_of('audit.detail.method_', method, 'audit.detail.none'))],
  phone: (masked) => [field('audit.detail.phone', masked)],
  previous_phone: (masked) => [field('audit.detail.previous_phone', masked)],
  kind: (kind) => [field('audit.detail.kind', one_of('audit.detail.kind_', kind))],
  attempts_left: (count) => [text('audit.detail.attempts_left', { count: Number(count) })],
  failures: (count) => [text('audit.detail.failures', { count: Number(count) })],
  reason: (reason) => [field('audit.detail.reason', one_of('audit.detail.reason_', reason))],
  role: (role) => [field('field.role', role_name(role))],
  password: (how) => [field('field.password', one_of('audit.detail.password_', how))],
  username: (username) => [field('field.username', username)],
  email: (email) => [field('field.email', email)],
  display_name: (name) => [field('field.display_name', name)],
  changes: (changes) => Object.entries(changes ?? {}).map(([name, { from, to } = {}]) =>
    text('audit.detail.field', {
      name: catalog_or(`field.${name}`, name), value: change(changed_value(name, from), changed_value(name, to)),
    })),
  two_factor_policy: ({ old: before, new: after } = {}) => (before?.skip_days === after?.skip_days ? [] :
    [field('admin.two_factor_policy_legend', change(policy_name(before?.skip_days), policy_name(after?.skip_days)))]),
  require_two_factor: ({ old: before, new: after } = {}) => (before === after ? [] :
    [field('admin.require_two_factor', change(on_off(before), on_off(after)))]),
  lock_mode: (mode, detail) => [field('audit.detail.lock', mode === 'timed' && Number.isInteger(detail.lock_minutes)
    ? text('audit.detail.minutes', { minutes: detail.lock_minutes }) : text('admin.lock_until_unlocked'))],
  lock_minutes: () => [],  // with lock_mode
  minutes: (minutes) => [field('audit.detail.lock', Number.isInteger(minutes)
    ? text('audit.detail.minutes', { minutes }) : text('admin.lock_until_unlocked'))],
  remaining: (seconds) => [field('audit.detail.lock', Number.isInteger(seconds) && seconds > 0
    ? text('audit.detail.lock_ends_in', { minutes: Math.ceil(seconds / 60) }) : text('admin.lock_until_unlocked'))],
  retry_after: (seconds) => [field('audit.detail.wait', text('audit.detail.seconds', { seconds: Number(seconds) }))],
  was_locked: (was) => [text(was ? 'audit.detail.was_locked' : 'audit.detail.was_not_locked')],
  which: (which, _detail, event) => {
    if (event.startsWith('session.')) return [one_of('audit.detail.sessions_', which)];
    return [which === 'all' ? text('audit.detail.all_browsers') : text('audit.detail.trusted_browser', { id: String(which) })];
  },
  count: (count, _detail, event) => (event.startsWith('session.') ? [text('audit.detail.session_count', { count: Number(count) })]
    : [text('audit.detail.field', { name: 'count', value: plain(count) })]),
  session_id: () => [],   // a number that means nothing to the reader
  device_id: () => [],
  location_id: () => [],
  browser: (browser, detail) => [field('audit.detail.device', device_name({ browser, os: detail.os }))],
  os: () => [],           // with browser
  place: (place) => [field('audit.detail.place', place)],
  blocked: (what) => [one_of('audit.detail.blocked_', what)],
  ask_second_factor: ({ old: before, new: after } = {}) => (same_rules(before, after) ? [] :
    [field('admin.ask_legend', change(rules_text(before), rules_text(after)))]),
  trusted_browser_id: (id) => [text('audit.detail.trusted_browser', { id: String(id) })],
  days: (days) => [text('audit.detail.trusted_days', { days: Number(days) })],
  expires_at: (time) => [field('audit.detail.valid_until', moment(time))],
  replaced: (replaced) => (replaced ? [text('audit.detail.replaced')] : []),
  password_rehashed: (rehashed) => (rehashed ? [text('audit.detail.password_rehashed')] : []),
  two_factor_setup_required: (required) => (required ? [text('audit.detail.setup_required')] : []),
  via: (via) => [one_of('audit.detail.via_', via)],
  after: (after) => [one_of('audit.detail.after_', after)],
  sent: (sent) => [text(sent ? 'audit.detail.link_sent' : 'audit.detail.no_link_sent')],
  for: (purpose) => [one_of('audit.detail.for_', purpose)],
  resend: (resent) => (resent ? [text('audit.detail.resent')] : []),
};

// "Method: authenticator app": the catalog's name of the field, and the value.
function field(name_key, value) {
  return text('audit.detail.field', { name: text(name_key), value: String(value) });
}

function change(from, to) {
  return text('audit.detail.change', { from, to });
}

// The catalog's text `prefix` + `value` ("audit.detail.method_" + "app"),
// else `empty_key`'s text for an empty value, else the value as recorded.
function one_of(prefix, value, empty_key = null) {
  if (!value && empty_key) return text(empty_key);
  return catalog_or(`${prefix}${value}`, String(value));
}

// The catalog's text for `key`, or `fallback` when the catalog has none.
function catalog_or(key, fallback) {
  const found = text(key);
  return found === key ? fallback : found;
}

function role_name(role) {
  return one_of('console.role_', role);
}

function changed_value(name, value) {
  if (name === 'role') return role_name(value);
  if (name === 'language') return value ? language_name(value) : text('agent.company_default');
  return value ?? text('audit.detail.none');
}

// "zh-CN" -> "Chinese (China)" in the reader's language.
function language_name(tag) {
  try {
    return new Intl.DisplayNames([current_language()], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function policy_name(skip_days) {
  return Number.isInteger(skip_days) ? text('audit.detail.skip_days', { days: skip_days }) : text('admin.policy_every_login');
}

// The rules of "Ask for the second factor" that are on, by their labels.
const rules = ['every_sign_in', 'new_device', 'new_location'];

function rules_text(ask) {
  const on = rules.filter((rule) => ask?.[rule] === true).map((rule) => text(`admin.ask_${rule}`));
  return on.length ? on.join(', ') : text('audit.detail.none');
}

function same_rules(before, after) {
  return rules.every((rule) => before?.[rule] === after?.[rule]);
}

function on_off(value) {
  return text(value ? 'audit.detail.on' : 'audit.detail.off');
}

function moment(iso_time) {
  const parsed = new Date(iso_time);
  return Number.isNaN(parsed.getTime()) ? String(iso_time)
    : new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium', timeStyle: 'short' }).format(parsed);
}

// ---- Fields this page does not know -----------------------------------------

// "name: value"; an object's fields as "name.inner: value", a list's items
// joined with commas.
function unknown_field(name, value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([inner, inner_value]) => unknown_field(`${name}.${inner}`, inner_value));
  }
  return [text('audit.detail.field', { name, value: plain(value) })];
}

function plain(value) {
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (value === true) return text('audit.detail.yes');
  if (value === false) return text('audit.detail.no');
  if (value === null || value === undefined || value === '') return text('audit.detail.none');
  if (typeof value === 'object') return Object.entries(value).map(([inner, inner_value]) => `${inner}: ${plain(inner_value)}`).join(', ');
  return String(value);
}
