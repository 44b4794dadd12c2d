// Security settings > Backup codes, while a method is on: how many are
// unused ("9 of 10 codes unused"), the ten codes shown once (right after
// turning 2FA on, or after generating new ones) with Download and Print (the
// same text, the core's, as a file or on paper), a reminder
// until they were downloaded, a warning when few are left (the core's rule:
// backup_codes_status), and the list of which codes were used and when. The
// codes live only in this page's memory: the server keeps hashes.
import { current_language, text } from './i18n.js';
import { request } from './api.js';
import { by_id, element } from './dom.js';
import { exact_time, utc_offset_minutes } from './time_format.js';

// `page`: the profile page's context (profile_page.js); `confirm`: the
// confirmation dialog (profile_confirm_dialog.js).
// Returns {render(status), show_new_codes(codes), forget_new_codes()}.
export function create_backup_codes_panel(page, { confirm }) {
  const view_button = by_id('view-codes');
  let fresh_codes = null;  // codes just generated
  let listed = [];         // GET /api/me/backup-codes's codes, while shown

  const on = (id, action) => by_id(id).addEventListener('click', () => page.exclusive(action));
  on('download-codes', download_codes);
  on('print-codes', print_codes);
  on('view-codes', toggle_codes_status);
  on('generate-codes', ask_new_codes);
  on('reminder-generate', ask_new_codes);

  // GET /api/me/two-factor's answer: {method, backup_codes: {total, unused, downloaded}}.
  function render({ method: active, backup_codes: codes }) {
    by_id('backup-tools').hidden = !active;
    if (!active) hide_codes_status();
    by_id('codes-status').replaceChildren(...listed.map(code_status_item));
    render_reminder(Boolean(active && codes && !codes.downloaded));
    const counted = Boolean(active && codes);
    by_id('codes-summary').textContent = counted
      ? text('backup_codes.ui_status', { unused: codes.unused, total: codes.total }) : '';
    const low = counted && page.core.backup_codes_status({
      language: current_language(), unused: codes.unused, total: codes.total,
    }).running_low === true;
    by_id('backup-low').hidden = !low;
    if (low) by_id('backup-low-text').textContent = text('backup_codes.ui_low', { count: codes.unused });
  }

  // The codes can be downloaded only while this page still holds them; after
  // a reload the only way to a file is a new set of codes.
  function render_reminder(needed) {
    by_id('backup-reminder').hidden = !needed;
    if (!needed) return;
    const lost = fresh_codes === null;
    by_id('backup-reminder-text').textContent =
      text(lost ? 'backup_codes.ui_reminder_lost' : 'backup_codes.ui_reminder_text');
    by_id('reminder-generate').hidden = !lost;
  }

  function show_new_codes(codes) {
    fresh_codes = codes;
    by_id('new-codes-list').replaceChildren(...codes.map((code) => element('li', {}, element('code', { text: code }))));
    by_id('new-codes').hidden = false;
  }

  function forget_new_codes() {
    fresh_codes = null;
    by_id('print-sheet').textContent = '';
    by_id('new-codes-list').replaceChildren();
    by_id('new-codes').hidden = true;
  }

  // The file comes from the core (the same text in every build), is saved
  // through a Blob, and the server then records the download.
  async function download_codes() {
    const file = codes_file();
    if (!file) return;
    save_text_file(file, text('backup_codes.ui_file_name'));
    await record_kept();
  }

  // The same text on paper: the print sheet, which only print media show
  // (console.css), then the browser's print dialog. Printed codes are kept
  // as a downloaded file is: the reminder goes.
  async function print_codes() {
    const file = codes_file();
    if (!file) return;
    by_id('print-sheet').textContent = file;
    window.print();
    await record_kept();
  }

  // The text of the codes file for the codes this page holds; null (the
  // page's alert says so) when the core refuses.
  function codes_file() {
    const now = Date.now();
    const file = page.core.backup_codes_file({
      language: current_language(),
      product: text('app.name'),
      company: page.user.company,
      account: page.user.username,
      unix_time: Math.floor(now / 1000),
      utc_offset_minutes: utc_offset_minutes(new Date(now)),
      codes: fresh_codes,
    });
    if (!file.ok) {
      page.show_error(text('error.internal'));
      return null;
    }
    return file.text;
  }

  async function record_kept() {
    const answer = await request('POST', '/api/me/backup-codes/download');
    if (!answer.ok) {
      page.show_error(answer.message);
      return;
    }
    await page.refresh();
  }

  async function toggle_codes_status() {
    if (view_button.getAttribute('aria-expanded') === 'true') hide_codes_status();
    else await show_codes_status();
  }

  async function show_codes_status() {
    const answer = await request('GET', '/api/me/backup-codes');
    if (!answer.ok) {
      page.show_error(answer.message);
      return;
    }
    listed = answer.body.codes;
    const list = by_id('codes-status');
    list.replaceChildren(...listed.map(code_status_item));
    list.hidden = false;
    view_button.setAttribute('aria-expanded', 'true');
  }

  function hide_codes_status() {
    listed = [];
    by_id('codes-status').replaceChildren();
    by_id('codes-status').hidden = true;
    view_button.setAttribute('aria-expanded', 'false');
  }

  function ask_new_codes() {
    confirm.ask({
      title: 'backup_codes.ui_generate_title', explanation: 'backup_codes.ui_generate_text',
      submit: 'backup_codes.ui_generate', action: generate_new_codes,
    });
  }

  async function generate_new_codes() {
    const answer = await request('POST', '/api/me/backup-codes', { body: confirm.step_up_body() });
    if (!answer.ok) {
      confirm.show_refusal(answer);
      return;
    }
    confirm.close();
    show_new_codes(answer.body.codes);
    page.show_success(null);
    by_id('new-codes-title').focus();
    await page.refresh();
    if (view_button.getAttribute('aria-expanded') === 'true') await show_codes_status();
  }

  return { render, show_new_codes, forget_new_codes };
}

// "Code 3 — Used (22/11/2026, 09:14)"
function code_status_item({ number, used_at }) {
  return element('li', {}, [
    element('span', { text: text('backup_codes.ui_code_number', { number }) }),
    element('span', {
      class: used_at ? 'code-state used' : 'code-state unused',
      text: used_at
        ? text('backup_codes.ui_used', { date: exact_time(used_at) })
        : text('backup_codes.ui_unused'),
    }),
  ]);
}

function save_text_file(content, name) {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = element('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; the next task may let it go.
  setTimeout(() => URL.revokeObjectURL(url));
}
