// The admin console's People section: the company's users, searched and
// paged by the server (GET /api/admin/users), with their role, 2FA method,
// lock status and last sign-in, an Unlock button for a locked account, a
// Reset password button (admin_reset_password.js), and the help for a lost
// second factor (admin_agent_two_factor.js).
// The server checks the role: this section is only in the admin console,
// and an agent asking the API anyway gets 403.
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';
import { signed_in } from './console_page.js';
import { refresh_code_states, two_factor_actions } from './admin_agent_two_factor.js';
import { agent_actions, agent_actions_ready } from './admin_agent_edit.js';
import { reset_password_button } from './admin_reset_password.js';
import { forget_browsers_button } from './admin_trusted_browsers.js';

const section = document.getElementById('people');
const search_form = document.getElementById('people-search');
const search_input = document.getElementById('people-q');
const table = document.getElementById('people-table');
const rows = document.getElementById('people-rows');
const empty_text = document.getElementById('people-empty');
const alert = document.getElementById('people-alert');
const status_text = document.getElementById('people-status');
const previous_button = document.getElementById('people-previous');
const next_button = document.getElementById('people-next');
const position_text = document.getElementById('people-page');

// What the table shows: the search it answers and the server's page.
const shown = { q: '', page: 1, list: null };
let loading = null;  // the request in flight; a newer one wins

start();

async function start() {
  if (!(await signed_in)) return;
  await agent_actions_ready;
  section.hidden = false;
  search_form.addEventListener('submit', (event) => {
    event.preventDefault();
    status_text.textContent = '';
    load(search_input.value.trim(), 1);
  });
  previous_button.addEventListener('click', () => load(shown.q, shown.page - 1));
  next_button.addEventListener('click', () => load(shown.q, shown.page + 1));
  await load('', 1);
}

// ---- Loading a page -------------------------------------------------------

// Shows the current page again (after a change made elsewhere on the page).
export function reload_people() {
  return load(shown.q, shown.page);
}

// Resolves to true when the table shows page `page` of the search `q`.
async function load(q, page) {
  const request = fetch_page(q, page);
  loading = request;
  table.setAttribute('aria-busy', 'true');
  const [answer] = await Promise.all([request, refresh_code_states()]);
  if (loading !== request) return false;  // a later search or page replaced this one
  table.setAttribute('aria-busy', 'false');
  if (!answer?.ok || !Array.isArray(answer.body?.users)) {
    show_error(answer);
    return false;
  }
  alert.replaceChildren();
  Object.assign(shown, { q, page: answer.body.page, list: answer.body });
  render_list();
  return true;
}

function fetch_page(q, page) {
  const query = new URLSearchParams({ page: String(page) });
  if (q) query.set('q', q);
  return call_api('GET', `/api/admin/users?${query}`, { language: current_language() }).catch(() => null);
}

function show_error(answer) {
  const fields = answer?.body?.error?.fields;
  // The server's field messages name the field through the catalog's field.* keys,
  // which the search box does not have: its own label names it.
  const message = fields?.length ? text(fields[0].message_key, { field: text('admin.search_label') })
    : answer ? error_message(answer, text('error.internal')) : text('error.network');
  alert.replaceChildren(paragraph(message));
}

// ---- The table ------------------------------------------------------------

function render_list() {
  const { users, total, page, page_size: page_size } = shown.list;
  rows.replaceChildren(...users.map(person_row));
  const pages = Math.max(1, Math.ceil(total / page_size));
  empty_text.hidden = users.length > 0;
  empty_text.textContent = users.length > 0 ? '' : text('admin.no_people', { query: shown.q });
  position_text.textContent = text('admin.page_of', { page, pages, total });
  previous_button.disabled = page <= 1;
  next_button.disabled = page >= pages;
}

function person_row(person) {
  const row = document.createElement('tr');
  row.dataset.userId = String(person.id);
  const name = document.createElement('th');
  name.scope = 'row';
  name.tabIndex = -1;  // focus lands here after an unlock removes the button
  name.textContent = person.display_name || person.username;
  row.append(
    labelled(name, 'admin.column_name'),
    cell(person.username, 'admin.column_username'),
    cell(person.email, 'admin.column_email'),
    cell(text(`console.role_${person.role}`), 'admin.column_role'),
    cell(two_factor_text(person.two_factor), 'admin.column_two_factor'),
    labelled(status_cell(person), 'admin.column_status'),
    labelled(last_sign_in_cell(person.last_sign_in_at), 'admin.column_last_sign_in'),
    labelled(actions_cell(person), 'admin.column_actions'),
  );
  return row;
}

function cell(content, column_key) {
  const element = document.createElement('td');
  element.textContent = content;
  return labelled(element, column_key);
}

// On a narrow screen each row becomes a card and the CSS shows every cell's
// column name beside it (from data-label: the page's own text, no inline style).
function labelled(element, column_key) {
  element.dataset.label = text(column_key);
  return element;
}

function two_factor_text(method) {
  if (method === 'email') return text('admin.two_factor_email');
  if (method === 'app') return text('admin.two_factor_app');
  return text('admin.two_factor_off');
}

function status_cell(person) {
  const badge = document.createElement('span');
  const status = person.locked ? 'locked' : person.disabled ? 'disabled' : 'active';
  badge.className = `status-badge ${status}`;
  badge.textContent = text(`admin.status_${status}`);
  const element = document.createElement('td');
  element.append(badge);
  return element;
}

// The moment in the reader's language and time zone, e.g. "22 Nov 2026, 09:15".
function last_sign_in_cell(iso_time) {
  const element = document.createElement('td');
  const moment = iso_time ? new Date(iso_time) : null;
  if (!moment || Number.isNaN(moment.getTime())) {
    element.textContent = text('admin.never');
    return element;
  }
  const time = document.createElement('time');
  time.dateTime = iso_time;
  time.textContent = new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium', timeStyle: 'short' }).format(moment);
  element.append(time);
  return element;
}

function actions_cell(person) {
  const element = document.createElement('td');
  element.className = 'row-actions';
  element.append(...agent_actions(person, { done: reload_saying, failed: show_error }),
                 reset_password_button(person),
                 ...two_factor_actions(person, (message) => reload_saying(message, person)));
  if (person.role === 'agent') element.append(forget_browsers_button(person, status_text));
  if (!person.locked) return element;
  const name = person.display_name || person.username;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = text('admin.unlock');
  // Many rows may have one: the accessible name says whose it is.
  button.setAttribute('aria-label', text('admin.unlock_person', { name }));
  button.addEventListener('click', () => unlock(person, button));
  element.prepend(button);
  return element;
}

// Shows the server's view of the table again, then says what happened; with
// a person, focus goes back to their row.
async function reload_saying(message, person = null) {
  status_text.textContent = '';
  await load(shown.q, shown.page);
  status_text.textContent = message;
  if (person) rows.querySelector(`tr[data-user-id="${CSS.escape(String(person.id))}"] th`)?.focus();
}

// ---- Unlock ---------------------------------------------------------------

async function unlock(person, button) {
  button.disabled = true;
  status_text.textContent = '';
  const answer = await call_api('POST', `/api/admin/users/${encodeURIComponent(person.id)}/unlock`,
    { language: current_language() }).catch(() => null);
  if (answer?.status !== 204) {
    button.disabled = false;
    show_error(answer);
    return;
  }
  await reload_saying(text('admin.unlocked', { name: person.display_name || person.username }), person);
}

function paragraph(content) {
  const element = document.createElement('p');
  element.textContent = content;
  return element;
}
