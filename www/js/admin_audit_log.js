// The admin console's Audit log section: the company's audit events, newest
// first, filtered and paged by the server (GET /api/admin/audit-events) by
// user (id or part of a name, username or email; the user an event is
// about or the admin who acted), event and time. The times typed are the
// reader's local time; the server gets them in UTC.
import { current_language, text } from './i18n.js';
import { request } from './api.js';
import { by_id, element } from './dom.js';
import { create_form_feedback } from './form_feedback.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';
import { create_paged_table, table_cell } from './paged_table.js';
import { detail_text } from './audit_detail.js';

const section = by_id('audit-log');
const form = by_id('audit-filters');
const event_select = by_id('audit-event');
const feedback = create_form_feedback(by_id('audit-alert'), form);

const table = create_paged_table({
  table: by_id('audit-table'),
  rows: by_id('audit-rows'),
  empty: by_id('audit-empty'),
  previous: by_id('audit-previous'),
  next: by_id('audit-next'),
  position: by_id('audit-page'),
}, {
  fetch(filters, page) {
    const query = new URLSearchParams({ page: String(page) });
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    return request('GET', `/api/admin/audit-events?${query}`);
  },
  items: (body) => body?.events,
  row: event_row,
  empty_text: () => text('audit.no_events'),
  position_key: 'audit.page_of',
  on_answer(answer) {
    feedback.clear();
    offer_event_types(answer.body.event_types);
  },
  on_error: feedback.show_failure,
});

start();

async function start() {
  if (!(await signed_in)) return;
  section.hidden = false;
  on_language_change(() => {
    feedback.render();
    for (const option of event_select.options) if (option.value) option.textContent = event_name(option.value);
    table.render();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    table.load(filters_of_form(), 1);
  });
  await table.load({}, 1);
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
    user: form.elements.user.value.trim(),
    event: event_select.value,
    from: utc_time(form.elements.from.value),
    to: utc_time(form.elements.to.value),
  };
}

// The event menu lists what the server's filter accepts.
function offer_event_types(types) {
  if (!Array.isArray(types) || event_select.options.length > 1) return;
  event_select.append(...types.map((type) => element('option', { value: type, text: event_name(type) })));
}

// ---- A row ------------------------------------------------------------------

function event_row(entry) {
  return element('tr', { data: { eventId: entry.id } }, [
    table_cell('th', 'audit.column_time', { scope: 'row' }, time_element(entry.time)),
    // The readable name, with the stable one as the cell's title.
    table_cell('td', 'audit.column_event', { text: event_name(entry.event), title: entry.event }),
    table_cell('td', 'audit.column_user', { text: user_text(entry) }),
    table_cell('td', 'audit.column_actor', { text: actor_text(entry.actor) }),
    table_cell('td', 'audit.column_ip', { text: entry.ip }),
    table_cell('td', 'audit.column_detail', { text: detail_text(entry.detail, entry.actor) }),
  ]);
}

function time_element(iso_time) {
  const moment = new Date(iso_time);
  return element('time', {
    dateTime: iso_time,
    text: Number.isNaN(moment.getTime()) ? iso_time
      : new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium', timeStyle: 'medium' }).format(moment),
  });
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

// The admin who acted, like the user column; empty when nobody acted for them.
function actor_text(actor) {
  if (!actor) return '';
  if (!actor.deleted) return `${actor.display_name || actor.username} (${actor.username})`;
  if (actor.username) return text('audit.deleted_user', { username: actor.username });
  return text('audit.deleted_actor', { id: actor.id });
}
