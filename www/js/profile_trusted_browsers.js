// Security settings > Trusted browsers: the browsers where the user ticked
// "Don't ask again" (GET /api/me/trusted-browsers), each with Forget, and
// Forget all. The section shows when the company's policy allows trusted
// browsers or some are left; the server ends them and has the last word.
import { current_language, text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert } from './dom.js';
import { action_name } from './person_actions.js';

const section = by_id('trusted-browsers');
const list = by_id('trusted-list');
const none_text = by_id('trusted-none');
const forget_all_button = by_id('trusted-forget-all');
const alert = by_id('trusted-alert');
const status_text = by_id('trusted-status');

forget_all_button.addEventListener('click', () => forget('/api/me/trusted-browsers', forget_all_button));

// Loads and shows the list (again, after a change elsewhere on the page).
// Not `available` while 2FA must be set up first: the section stays hidden.
export async function show_trusted_browsers({ available }) {
  if (!available) {
    section.hidden = true;
    return;
  }
  const answer = await request('GET', '/api/me/trusted-browsers');
  if (!answer.ok || !Array.isArray(answer.body?.trusted_browsers)) {
    section.hidden = true;
    return;
  }
  const browsers = answer.body.trusted_browsers;
  section.hidden = browsers.length === 0 && !Number.isInteger(answer.body.remember_days);
  list.replaceChildren(...browsers.map(browser_item));
  none_text.hidden = browsers.length > 0;
  forget_all_button.hidden = browsers.length === 0;
}

function browser_item(browser) {
  const name = browser.current ? text('trusted.this_browser') : browser_name(browser.user_agent);
  const until = new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium' }).format(new Date(browser.expires_at));
  return element('li', {}, [
    element('span', { text: `${name} · ${text('trusted.until', { date: until, ip: browser.ip })}` }),
    element('button', {
      type: 'button',
      class: 'button secondary',
      text: text('trusted.forget'),
      attrs: { 'aria-label': action_name(text('trusted.forget'), name) },
      on: { click: (event) => forget(`/api/me/trusted-browsers/${encodeURIComponent(browser.id)}`, event.currentTarget) },
    }),
  ]);
}

// A short name from the user agent the server recorded, e.g. "Chrome 120".
// Most specific first: Edge's also names Chrome, Chrome's also names Safari.
const browser_patterns = [
  ['Edge', /Edg\/([0-9]+)/], ['Firefox', /Firefox\/([0-9]+)/], ['Chrome', /Chrome\/([0-9]+)/],
  ['Safari', /Version\/([0-9]+).*Safari\//],
];

function browser_name(user_agent) {
  for (const [name, pattern] of browser_patterns) {
    const match = pattern.exec(user_agent ?? '');
    if (match) return `${name} ${match[1]}`;
  }
  return user_agent || text('trusted.unknown_browser');
}

async function forget(path, button) {
  button.disabled = true;
  alert.replaceChildren();
  status_text.textContent = '';
  const answer = await request('DELETE', path);
  button.disabled = false;
  if (answer.status !== 204) {
    show_alert(alert, answer.message);
    return;
  }
  await show_trusted_browsers({ available: true });
  status_text.textContent = text('trusted.forgotten');
  // The pressed button may be gone with its row: keep the focus in the section.
  if (forget_all_button.hidden) by_id('trusted-title').focus();
  else forget_all_button.focus();
}
