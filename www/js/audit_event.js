// One audit event as the pages show it, in the company's audit log (admin
// console) and in a person's own (Security settings): its time in the
// reader's time zone, its name from the catalog, who it is about, the admin
// who acted, the address and the detail in words (audit_detail.js).
import { text } from './i18n.js';
import { element } from './dom.js';
import { table_cell } from './paged_table.js';
import { detail_text } from './audit_detail.js';
import { time_element } from './time_format.js';

// The columns a log may show, in this order.
const all_columns = ['time', 'event', 'user', 'actor', 'ip', 'detail'];

// The <tr> of `entry` (an AuditEventPage event) with `columns` (a subset of
// all_columns); with `relative`, its time is relative ("5 minutes ago") with
// the exact time in a tooltip.
export function audit_event_row(entry, { columns = all_columns, relative = false } = {}) {
  const cells = {
    time: () => table_cell('th', 'audit.column_time', { scope: 'row' }, time_element(entry.time, { relative })),
    // The readable name, with the stable one as the cell's title.
    event: () => table_cell('td', 'audit.column_event', { text: event_name(entry.event), title: entry.event }),
    user: () => table_cell('td', 'audit.column_user', { text: user_text(entry) }),
    actor: () => table_cell('td', 'audit.column_actor', { text: actor_text(entry.actor) }),
    ip: () => table_cell('td', 'audit.column_ip', { text: entry.ip }),
    detail: () => table_cell('td', 'audit.column_detail', { text: detail_text(entry.detail, entry.actor, entry.event) }),
  };
  return element('tr', { data: { eventId: entry.id } },
    all_columns.filter((column) => columns.includes(column)).map((column) => cells[column]()));
}

// The catalog's name of an event ("Account locked"), else its stable name.
export function event_name(name) {
  const key = `audit.event.${name}`;
  const name_text = text(key);
  return name_text === key ? name : name_text;
}

// The event menu of a log's filter: `select` gets an option per name of
// `types` (the answer's event_types), once; relabel_events() writes them
// again in a new language.
export function offer_event_types(select, types) {
  if (!Array.isArray(types) || select.options.length > 1) return;
  select.append(...types.map((type) => element('option', { value: type, text: event_name(type) })));
}

export function relabel_events(select) {
  for (const option of select.options) if (option.value) option.textContent = event_name(option.value);
}

// "Bob Agent (bob)"; a deleted user by the username the log kept.
function user_text(entry) {
  if (entry.user) return `${entry.user.display_name || entry.user.username} (${entry.user.username})`;
  const deleted = entry.detail?.deleted_user;
  if (deleted?.username) return text('audit.deleted_user', { username: deleted.username });
  return '—';
}

// The admin who acted, like the user column, or the operator (a command on
// the server machine); empty when nobody acted for them.
function actor_text(actor) {
  if (!actor) return '';
  if (actor.operator) return text('audit.operator');
  if (!actor.deleted) return `${actor.display_name || actor.username} (${actor.username})`;
  if (actor.username) return text('audit.deleted_user', { username: actor.username });
  return text('audit.deleted_actor', { id: actor.id });
}
