// The admin console's Audit log section: the company's audit events, newest
// first, filtered and paged by the server (GET /api/admin/audit-events) by
// user (id or part of a name, username or email; the user an event is
// about or the admin who acted), event and time. The times typed are the
// reader's local time; the server gets them in UTC.
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';
import { create_form_feedback } from './form_feedback.js';
import { signed_in } from './console_page.js';

const section = document.getElementById('audit-log');
const form = document.getElementById('audit-filters');
const user_input = document.getElementById('user');
const event_select = document.getElementById('audit-event');
const from_input = document.getElementById('from');
const to_input = document.getElementById('to');
const table = document.getElementById('audit-table');
const rows = document.getElementById('audit-rows');
const empty_text = document.getElementById('audit-empty');
const previous_button = document.getElementById('audit-previous');
const next_button = document.getElementById('audit-next');
const position_text = document.getElementById('audit-page');
const feedback = create_form_feedback(document.getElementById('audit-alert'), form);

// The filters the table answers and the server's page.
const shown = { filters: {}, page: 1, list: null };
let loading = null;  // the request in flight; a newer one wins

start();

async function start() {
  if (!(await signed_in)) return;
  section.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(filters_of_form(), 1);
  });
  previous_button.addEventListener('click', () => load(shown.filters, shown.page - 1));
  next_button.addEventListener('click', () => load(shown.filters, shown.page + 1));
  await load({}, 1);
}

// A datetime-local value ("2026-12-01T09:30" or with seconds) read as local
// time, in UTC for the server; the text as typed when it is no time at all,
// so the server names the field.
function utc_time(value) {
  if (!value) return '';
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? value : moment.toISOString();
}

function filters_of_form() {
  return {
    user: user_input.value.trim(),
    event: event_select.value,
    from: utc_time(from_input.value),
    to: utc_time(to_input.value),
  };
}

// ---- Loading a page -------------------------------------------------------

async function load(filters, page) {
  const query = new URLSearchParams({ page: String(page) });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const request = call_api('GET', `/api/admin/audit-events?${query}`, { language: current_language() })
    .catch(() => null);
  loading = request;
  table.setAttribute('aria-busy', 'true');
  const answer = await request;
  if (loading !== request) return;  // a later filter or page replaced this one
  table.setAttribute('aria-busy', 'false');
  if (!answer?.ok || !Array.isArray(answer.body?.events)) {
    const fields = answer?.body?.error?.fields;
    if (fields?.length) feedback.show_field_errors(fields);
    else feedback.show_message(answer ? error_message(answer, text('error.internal')) : text('error.network'));
    return;
  }
  feedback.clear();
  Object.assign(shown, { filters, page: answer.body.page, list: answer.body });
  offer_event_types(answer.body.event_types);
  render();
}

// The event menu lists what the server's filter accepts.
function offer_event_types(types) {
  if (!Array.isArray(types) || event_select.options.length > 1) return;
  event_select.append(...types.map((type) => {
    const option = document.createElement('option');
    option.value = type;
    option.textContent = event_name(type);
    return option;
  }));
}

// ---- The table ------------------------------------------------------------

function render() {
  const { events, total, page, page_size } = shown.list;
  rows.replaceChildren(...events.map(event_row));
  const pages = Math.max(1, Math.ceil(total / page_size));
  empty_text.hidden = events.length > 0;
  empty_text.textContent = events.length > 0 ? '' : text('audit.no_events');
  position_text.textContent = text('audit.page_of', { page, pages, total });
  previous_button.disabled = page <= 1;
  next_button.disabled = page >= pages;
}

function event_row(entry) {
  const row = document.createElement('tr');
  row.dataset.eventId = String(entry.id);
  const time = document.createElement('th');
  time.scope = 'row';
  time.append(time_element(entry.time));
  row.append(
    labelled(time, 'audit.column_time'),
    event_cell(entry.event),
    cell(user_text(entry), 'audit.column_user'),
    cell(actor_text(entry.actor), 'audit.column_actor'),
    cell(entry.ip, 'audit.column_ip'),
    detail_cell(entry.detail, entry.actor),
  );
  return row;
}

function time_element(iso_time) {
  const element = document.createElement('time');
  element.dateTime = iso_time;
  const moment = new Date(iso_time);
  element.textContent = Number.isNaN(moment.getTime()) ? iso_time
    : new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium', timeStyle: 'medium' }).format(moment);
  return element;
}

// "Bob Agent (bob)"; a deleted user by the username the log kept.
function user_text(entry) {
  if (entry.user) return `${entry.user.display_name || entry.user.username} (${entry.user.username})`;
  const deleted = entry.detail?.deleted_user;
  if (deleted?.username) return text('audit.deleted_user', { username: deleted.username });
  return '—';
}

// The catalog's name of an event ("Account locked"), else its stable name.
function event_name(name) {
  const key = `audit.event.${name}`;
  const name_text = text(key);
  return name_text === key ? name : name_text;
}

// The readable name, with the stable one as the cell's title.
function event_cell(name) {
  const element = cell(event_name(name), 'audit.column_event');
  element.title = name;
  return element;
}

// The admin who acted, like the user column; empty when nobody acted for them.
function actor_text(actor) {
  if (!actor) return '';
  if (!actor.deleted) return `${actor.display_name || actor.username} (${actor.username})`;
  if (actor.username) return text('audit.deleted_user', { username: actor.username });
  return text('audit.deleted_actor', { id: actor.id });
}

function detail_cell(detail, actor) {
  const element = document.createElement('td');
  const code = document.createElement('code');
  code.className = 'audit-detail';
  const shown_detail = { ...detail };
  delete shown_detail.deleted_user;  // already in the user column
  if (actor) {  // already in the actor column
    delete shown_detail.by_user_id;
    delete shown_detail.deleted_by_user;
  }
  code.textContent = Object.keys(shown_detail).length ? JSON.stringify(shown_detail) : '';
  element.append(code);
  return labelled(element, 'audit.column_detail');
}

function cell(content, column_key) {
  const element = document.createElement('td');
  element.textContent = content;
  return labelled(element, column_key);
}

// Narrow screens show each cell's column name beside it (see app.css).
function labelled(element, column_key) {
  element.dataset.label = text(column_key);
  return element;
}
