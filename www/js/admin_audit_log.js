// The admin console's Audit log section: the company's audit events, newest
// first, filtered and paged by the server (GET /api/admin/audit-events) by
// user (id or part of a name, username or email; the user an event is
// about or the admin who acted), event and time. The times typed are the
// reader's local time; the server gets them in UTC.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id } from './dom.js';
import { create_form_feedback } from './form_feedback.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';
import { create_paged_table } from './paged_table.js';
import { audit_event_row, offer_event_types, relabel_events } from './audit_event.js';
import { on_time_zone_change } from './time_format.js';

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
  row: (entry) => audit_event_row(entry),
  empty_text: () => text('audit.no_events'),
  position_key: 'audit.page_of',
  on_answer(answer) {
    feedback.clear();
    offer_event_types(event_select, answer.body.event_types);
  },
  on_error: feedback.show_failure,
});

start();

async function start() {
  if (!(await signed_in)) return;
  section.hidden = false;
  on_language_change(() => {
    feedback.render();
    relabel_events(event_select);
    table.render();
  });
  on_time_zone_change(() => table.render());
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
