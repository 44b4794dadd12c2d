// The admin console's Active sessions: every live session of the company's
// people (GET /api/admin/sessions), the latest access first, paged by the
// server: who, the device, the place, the address and the last access,
// with Sign out for one session (DELETE /api/admin/sessions/{id}) and Sign
// out everywhere for the person (POST /api/admin/users/{id}/sign-out). The
// administrator's own session has neither: the header's Sign out ends it.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert } from './dom.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';
import { create_paged_table, table_cell } from './paged_table.js';
import { action_name, person_name } from './person_actions.js';
import { device_name, place_name } from './client_names.js';
import { on_time_zone_change, time_element } from './time_format.js';

const section = by_id('company-sessions');
const alert = by_id('sessions-alert');
const status_text = by_id('sessions-status');
let me = null;         // the administrator
let shown_status = null;  // () => the status line, kept for a new language
let busy = false;

const table = create_paged_table({
  table: by_id('sessions-table'),
  rows: by_id('sessions-rows'),
  empty: by_id('sessions-empty'),
  previous: by_id('sessions-previous'),
  next: by_id('sessions-next'),
  position: by_id('sessions-page'),
}, {
  fetch: (_query, page) => request('GET', `/api/admin/sessions?page=${page}`),
  items: (body) => body?.sessions,
  row: session_row,
  empty_text: () => text('admin.no_sessions'),
  position_key: 'admin.sessions_page_of',
  on_answer: () => show_alert(alert, ''),
  on_error: (answer) => show_alert(alert, answer.message),
});

start();

async function start() {
  const signed = await signed_in;
  if (!signed || signed.user.role !== 'admin') return;
  me = signed.user;
  section.hidden = false;
  on_language_change(() => {
    table.render();
    status_text.textContent = shown_status ? shown_status() : '';
  });
  on_time_zone_change(() => table.render());
  await table.load({}, 1);
}

// Sign out everywhere shows once per person: in their first row of the page.
function session_row(session, index, shown) {
  const name = person_name(session.user);
  const device = device_name(session.device);
  const own = session.user.id === me.id;
  const first_of_person = shown.findIndex((other) => other.user.id === session.user.id) === index;
  return element('tr', { data: { sessionId: session.id, userId: session.user.id } }, [
    table_cell('th', 'admin.column_person', { scope: 'row', text: `${name} (${session.user.username})` }),
    table_cell('td', 'admin.column_device', {}, [
      element('span', { text: device }),
      session.current && ' ',
      session.current && element('span', { class: 'status-badge active', text: text('security.this_session') }),
    ]),
    table_cell('td', 'admin.column_place', { text: place_name(session.location) }),
    table_cell('td', 'audit.column_ip', { text: session.ip }),
    table_cell('td', 'admin.column_last_access', {}, time_element(session.last_seen_at, { relative: true })),
    table_cell('td', 'admin.column_actions', { class: 'row-actions' }, [
      !session.current && action_button('admin.sign_out_session', `${name}, ${device}`, () => sign_out_session(session)),
      !own && first_of_person && action_button('admin.sign_out_person', name, () => sign_out_person(session.user)),
    ]),
  ]);
}

function action_button(label_key, target, action) {
  const label = text(label_key);
  return element('button', {
    type: 'button',
    class: 'button secondary',
    text: label,
    attrs: { 'aria-label': action_name(label, target) },
    on: { click: () => run(action) },
  });
}

async function sign_out_session(session) {
  const answer = await request('DELETE', `/api/admin/sessions/${encodeURIComponent(session.id)}`);
  const name = person_name(session.user);
  return { answer, status: () => text('admin.session_signed_out', { name }) };
}

async function sign_out_person(user) {
  const answer = await request('POST', `/api/admin/users/${encodeURIComponent(user.id)}/sign-out`);
  const count = Number(answer.body?.ended ?? 0);
  return { answer, status: () => text('admin.person_signed_out', { name: person_name(user), count }) };
}

// One change at a time; the table is read again after it, and the focus,
// whose button may be gone, goes to the section's status line's heading.
async function run(action) {
  if (busy) return;
  busy = true;
  show_alert(alert, '');
  shown_status = null;
  status_text.textContent = '';
  try {
    const { answer, status } = await action();
    if (!answer.ok) {
      show_alert(alert, answer.message);
      return;
    }
    await table.reload();
    shown_status = status;
    status_text.textContent = status();
    if (!section.contains(document.activeElement) || document.activeElement === document.body) {
      by_id('sessions-title').focus();
    }
  } finally {
    busy = false;
  }
}
