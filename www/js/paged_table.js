// A table of results the server pages (the admin console's People and
// Audit log): it loads page N of a query, marks the table busy meanwhile,
// keeps only the newest answer when requests overlap, and draws the rows,
// the "nothing found" line and the pager (Previous / "Page 2 of 5" / Next).
//
// The markup holds <table> with its caption and header, an empty <tbody>,
// a hidden paragraph for the empty result and the pager's two buttons and
// position paragraph; this fills them.
import { text } from './i18n.js';
import { element } from './dom.js';

// `parts`: {table, rows (the tbody), empty, previous, next, position}.
// `source`:
//   fetch(query, page)   -> api.js answer for that page (any query shape)
//   items(body)          -> the body's array of rows, or null when it has none
//   row(item, index, items) -> the <tr> for one item (its place among the page's items)
//   empty_text(query)    -> what an empty result says
//   position_key         -> catalog key with {page}, {pages} and {total}
//   on_answer(answer)    -> optional: called with every answer shown (before the rows)
//   on_error(answer)     -> shows a failed answer
// Returns {load(query, page) -> Promise<boolean> (true once shown), reload(),
// render() (again, e.g. in a new language), query()}.
export function create_paged_table(parts, source) {
  const shown = { query: null, page: 1, body: null };
  let latest = null;  // the request in flight; a newer one wins

  parts.previous.addEventListener('click', () => load(shown.query, shown.page - 1));
  parts.next.addEventListener('click', () => load(shown.query, shown.page + 1));

  async function load(query, page) {
    const request = source.fetch(query, page);
    latest = request;
    parts.table.setAttribute('aria-busy', 'true');
    const answer = await request;
    if (latest !== request) return false;  // a later query or page replaced this one
    parts.table.setAttribute('aria-busy', 'false');
    if (!answer.ok || !Array.isArray(source.items(answer.body))) {
      source.on_error(answer);
      return false;
    }
    Object.assign(shown, { query, page: answer.body.page, body: answer.body });
    source.on_answer?.(answer);
    render();
    return true;
  }

  function render() {
    if (!shown.body) return;
    const items = source.items(shown.body);
    const { total, page, page_size } = shown.body;
    const pages = Math.max(1, Math.ceil(total / page_size));
    parts.rows.replaceChildren(...items.map(source.row));
    parts.empty.hidden = items.length > 0;
    parts.empty.textContent = items.length > 0 ? '' : source.empty_text(shown.query);
    parts.position.textContent = text(source.position_key, { page, pages, total });
    parts.previous.disabled = page <= 1;
    parts.next.disabled = page >= pages;
  }

  return {
    load,
    reload: () => load(shown.query, shown.page),
    render,
    query: () => shown.query,
  };
}

// A cell of such a table. On a narrow screen each row becomes a card and the
// CSS shows every cell's column name beside it, from data-label (the page's
// own text: no inline style). `tag` is 'td', or 'th' for the row's header.
export function table_cell(tag, column_key, options = {}, children = []) {
  return element(tag, { ...options, data: { ...options.data, label: text(column_key) } }, children);
}
