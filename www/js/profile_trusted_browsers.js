// Security settings > Trusted browsers: the browsers where the user ticked
// "Don't ask again" (GET /api/me/trusted-browsers), each with Forget, and
// Forget all. The section shows when the company's policy allows trusted
// browsers or some are left; the server ends them and has the last word.
import { current_language, text } from './i18n.js';
import { call_api, error_message } from './http.js';

const section = document.getElementById('trusted-browsers');
const list = document.getElementById('trusted-list');
const none_text = document.getElementById('trusted-none');
const forget_all_button = document.getElementById('trusted-forget-all');
const alert = document.getElementById('trusted-alert');
const status_text = document.getElementById('trusted-status');

forget_all_button.addEventListener('click', () => forget('/api/me/trusted-browsers', forget_all_button));

// Loads and shows the list (again, after a change elsewhere on the page).
// Not `available` while 2FA must be set up first: the section stays hidden.
export async function show_trusted_browsers({ available }) {
  if (!available) {
    section.hidden = true;
    return;
  }
  const answer = await call_api('GET', '/api/me/trusted-browsers', { language: current_language() }).catch(() => null);
  if (!answer?.ok || !Array.isArray(answer.body?.trusted_browsers)) {
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
  const item = document.createElement('li');
  const description = document.createElement('span');
  const name = browser.current ? text('trusted.this_browser') : browser_name(browser.user_agent);
  const until = new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium' }).format(new Date(browser.expires_at));
  description.textContent = `${name} · ${text('trusted.until', { date: until, ip: browser.ip })}`;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = text('trusted.forget');
  button.setAttribute('aria-label', text('trusted.forget_item', { browser: name }));
  button.addEventListener('click', () => forget(`/api/me/trusted-browsers/${encodeURIComponent(browser.id)}`, button));
  item.append(description, button);
  return item;
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
  const answer = await call_api('DELETE', path, { language: current_language() }).catch(() => null);
  button.disabled = false;
  if (answer?.status !== 204) {
    const paragraph = document.createElement('p');
    paragraph.textContent = answer ? error_message(answer, text('error.internal')) : text('error.network');
    alert.replaceChildren(paragraph);
    return;
  }
  await show_trusted_browsers({ available: true });
  status_text.textContent = text('trusted.forgotten');
  // The pressed button may be gone with its row: keep the focus in the section.
  if (forget_all_button.hidden) document.getElementById('trusted-title').focus();
  else forget_all_button.focus();
}
