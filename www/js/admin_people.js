// The admin console's People section: the company's users, searched and
// paged by the server (GET /api/admin/users), with their role, 2FA method,
// lock status and last sign-in, an Unlock button for a locked account, a
// Reset password button (admin_reset_password.js), and the help for a lost
// second factor (admin_agent_two_factor.js).
// The server checks the role: this section is only in the admin console,
// and an agent asking the API anyway gets 403.
import { current_language, text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert } from './dom.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';
import { create_paged_table, table_cell } from './paged_table.js';
import { person_button, person_name } from './person_actions.js';
import { refresh_code_states, two_factor_actions } from './admin_agent_two_factor.js';
import { agent_actions, agent_actions_ready } from './admin_agent_edit.js';
import { reset_password_button } from './admin_reset_password.js';
import { forget_browsers_button } from './admin_trusted_browsers.js';

const section = by_id('people');
const search_form = by_id('people-search');
const search_input = by_id('people-q');
const rows = by_id('people-rows');
const alert = by_id('people-alert');
const status_text = by_id('people-status');

const table = create_paged_table({
  table: by_id('people-table'),
  rows,
  empty: by_id('people-empty'),
  previous: by_id('people-previous'),
  next: by_id('people-next'),
  position: by_id('people-page'),
}, {
  async fetch(q, page) {
    const query = new URLSearchParams({ page: String(page) });
    if (q) query.set('q', q);
    const [answer] = await Promise.all([request('GET', `/api/admin/users?${query}`), refresh_code_states()]);
    return answer;
  },
  items: (body) => body?.users,
  row: person_row,
  empty_text: (q) => text('admin.no_people', { query: q }),
  position_key: 'admin.page_of',
  on_answer: () => alert.replaceChildren(),
  on_error: show_error,
});

start();

async function start() {
  if (!(await signed_in)) return;
  await agent_actions_ready;
  section.hidden = false;
  on_language_change(() => {
    status_text.textContent = '';
    table.render();
  });
  search_form.addEventListener('submit', (event) => {
    event.preventDefault();
    status_text.textContent = '';
    table.load(search_input.value.trim(), 1);
  });
  await table.load('', 1);
}

// Shows the current page again (after a change made elsewhere on the page).
export function reload_people() {
  return table.reload();
}

function show_error(answer) {
  const fields = answer.body?.error?.fields;
  // The server's field messages name the field through the catalog's field.* keys,
  // which the search box does not have: its own label names it.
  show_alert(alert, fields?.length ? text(fields[0].message_key, { field: text('admin.search_label') }) : answer.message);
}

// ---- A row ------------------------------------------------------------------

function person_row(person) {
  return element('tr', { data: { userId: person.id } }, [
    // tabindex -1: focus lands on the name after an unlock removes the button.
    table_cell('th', 'admin.column_name', { scope: 'row', tabIndex: -1, text: person_name(person) }),
    table_cell('td', 'admin.column_username', { text: person.username }),
    table_cell('td', 'admin.column_email', { text: person.email }),
    table_cell('td', 'admin.column_role', { text: text(`console.role_${person.role}`) }),
    table_cell('td', 'admin.column_two_factor', { text: two_factor_text(person.two_factor) }),
    table_cell('td', 'admin.column_status', {}, status_badge(person)),
    table_cell('td', 'admin.column_last_sign_in', {}, last_sign_in(person.last_sign_in_at)),
    table_cell('td', 'admin.column_actions', { class: 'row-actions' }, actions(person)),
  ]);
}

function two_factor_text(method) {
  if (method === 'email') return text('admin.two_factor_email');
  if (method === 'app') return text('admin.two_factor_app');
  if (method === 'sms') return text('admin.two_factor_sms');
  return text('admin.two_factor_off');
}

function status_badge(person) {
  const status = person.locked ? 'locked' : person.disabled ? 'disabled' : 'active';
  return element('span', { class: `status-badge ${status}`, text: text(`admin.status_${status}`) });
}

// The moment in the reader's language and time zone, e.g. "22 Nov 2026, 09:15".
function last_sign_in(iso_time) {
  const moment = iso_time ? new Date(iso_time) : null;
  if (!moment || Number.isNaN(moment.getTime())) return text('admin.never');
  return element('time', {
    dateTime: iso_time,
    text: new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium', timeStyle: 'short' }).format(moment),
  });
}

function actions(person) {
  return [
    person.locked && person_button('admin.unlock', person, (button) => unlock(person, button)),
    ...agent_actions(person, { done: reload_saying, failed: show_error }),
    reset_password_button(person),
    ...two_factor_actions(person, (message) => reload_saying(message, person)),
    person.role === 'agent' && forget_browsers_button(person, status_text),
  ];
}

// Shows the server's view of the table again, then says what happened; with
// a person, focus goes back to their row.
async function reload_saying(message, person = null) {
  status_text.textContent = '';
  await table.reload();
  status_text.textContent = message;
  if (person) rows.querySelector(`tr[data-user-id="${CSS.escape(String(person.id))}"] th`)?.focus();
}

// ---- Unlock -------------------------------------------------------------------

async function unlock(person, button) {
  button.disabled = true;
  status_text.textContent = '';
  const answer = await request('POST', `/api/admin/users/${encodeURIComponent(person.id)}/unlock`);
  if (answer.status !== 204) {
    button.disabled = false;
    show_error(answer);
    return;
  }
  await reload_saying(text('admin.unlocked', { name: person_name(person) }), person);
}
