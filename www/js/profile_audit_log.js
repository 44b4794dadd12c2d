// Security settings > Audit log: the person's own security events (GET
// /api/me/audit-events), newest first, paged and filtered by event by the
// server, each shown as the company's audit log shows it (audit_event.js)
// with its time relative and the exact time, in the person's time zone, in
// a tooltip.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, show_alert } from './dom.js';
import { create_paged_table } from './paged_table.js';
import { audit_event_row, offer_event_types, relabel_events } from './audit_event.js';

const columns = ['time', 'event', 'actor', 'ip', 'detail'];

// Returns {show(available) -> Promise, reload() -> Promise, render()}.
export function create_audit_log_panel() {
  const section = by_id('my-audit-log');
  const form = by_id('my-audit-filters');
  const event_select = by_id('my-audit-event');
  const alert = by_id('my-audit-alert');

  const table = create_paged_table({
    table: by_id('my-audit-table'),
    rows: by_id('my-audit-rows'),
    empty: by_id('my-audit-empty'),
    previous: by_id('my-audit-previous'),
    next: by_id('my-audit-next'),
    position: by_id('my-audit-page'),
  }, {
    fetch(event, page) {
      const query = new URLSearchParams({ page: String(page) });
      if (event) query.set('event', event);
      return request('GET', `/api/me/audit-events?${query}`);
    },
    items: (body) => body?.events,
    row: (entry) => audit_event_row(entry, { columns, relative: true }),
    empty_text: () => text('audit.no_events'),
    position_key: 'audit.page_of',
    on_answer(answer) {
      show_alert(alert, '');
      offer_event_types(event_select, answer.body.event_types);
    },
    on_error: (answer) => show_alert(alert, answer.message),
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    table.load(event_select.value, 1);
  });

  async function show(available) {
    section.hidden = !available;
    if (available) await table.load(table.query() ?? '', 1);
  }

  function render() {
    relabel_events(event_select);
    table.render();
  }

  // After a change elsewhere on the page: its event is the newest.
  function reload() {
    return section.hidden ? Promise.resolve() : table.load(table.query() ?? '', 1);
  }

  return { show, reload, render };
}
