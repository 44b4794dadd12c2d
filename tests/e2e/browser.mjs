// Browser plumbing for the end-to-end tests: Debian's Chromium driven by
// playwright-core, a fresh context (cookies, storage) for every test, and a
// watch on everything a page reports as wrong: console errors, uncaught
// exceptions and Content-Security-Policy violations.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { format_with_core } from '../support/catalog_text.mjs';
import { start_instances_behind_proxy } from '../support/instances.mjs';
import { start_server } from '../support/server.mjs';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');
const js_qr = require('jsqr');
const run_file = promisify(execFile);

const repository = new URL('../../', import.meta.url);

// Headless Chromium as root, without the background traffic that stalls it
// on a machine with no network beyond loopback.
const chromium_args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Playwright switches the back/forward cache off by default; a test of what
// the Back button shows needs it on, as in every person's browser.
export function launch_browser({ back_forward_cache = false } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromium_args,
    ignoreDefaultArgs: back_forward_cache ? ['--disable-back-forward-cache'] : [],
  });
}

// A URL (RegExp) of the file at `path` ("/js/api.js"), under its own name or
// the fingerprinted one pages use ("/js/api.5db4fa2cf807.js",
// server/src/app/static_files.hpp), as a path or a URL of any origin.
export function served_as(path) {
  const dot = path.lastIndexOf('.');
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^([a-z]+://[^/]+)?${escape(path.slice(0, dot))}(\\.[0-9a-f]{12})?${escape(path.slice(dot))}$`);
}

// The message catalogs the pages must show, straight from their source.
export function catalog(language) {
  return JSON.parse(readFileSync(new URL(`shared/i18n/${language}.json`, repository), 'utf8'));
}

// `template` (a catalog text) with its arguments filled from `values` by the
// core's message format, as the pages fill it.
export function fill(template, values) {
  return format_with_core({ pattern: template, args: values });
}

// The accessible name of a button that shows the catalog text `key` and acts
// on `name`: "Unlock, Demo Agent" (the shown text first: label in name).
export function action_name(key, name, texts = catalog('en')) {
  return fill(texts['a11y.action_for'], { action: texts[key], name });
}

// TWOFOLD_E2E_INSTANCES=N (N > 1): the pages are served by N servers on one
// database behind a round-robin proxy (tests/support/instances.mjs), so each
// request of a page may reach another server than the one before.
function e2e_instances() {
  const count = Number(process.env.TWOFOLD_E2E_INSTANCES ?? '1');
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`TWOFOLD_E2E_INSTANCES must be a whole number of servers, not "${process.env.TWOFOLD_E2E_INSTANCES}"`);
  }
  return count;
}

function start_served(server_options) {
  const count = e2e_instances();
  return count > 1 ? start_instances_behind_proxy({ count, ...server_options }) : start_server(server_options);
}

// What a file's tests share: a server (start_server's `server` options) and a
// browser (launch_browser's `browser` options), started side by side.
// Resolves to {server, browser, admin, agent}: the demo people as sign_in
// takes them.
export async function start_server_and_browser({ server: server_options = {}, browser: browser_options = {} } = {}) {
  const [server, browser] = await Promise.all([start_served(server_options), launch_browser(browser_options)]);
  return { server, browser, admin: demo_person(server, 'admin'), agent: demo_person(server, 'agent') };
}

// Closes what start_server_and_browser started, or the part that did start.
export async function stop_server_and_browser(server, browser) {
  await browser?.close();
  await server?.stop();
}

// The demo `role` ("admin" | "agent") of `server`: {company, account, password, ...}.
export function demo_person(server, role) {
  return { company: server.demo.company, ...server.demo[role] };
}

// Runs `body(page, watch)` in a new context and then checks that the page
// reported no problem. A request the test expects to fail (a 401 for a wrong
// password, an aborted request) makes Chromium log "Failed to load resource";
// such lines are accepted only for the paths in `expected_failures` (each a
// path, or a RegExp a path matches).
// `locale` sets the browser's preferred language (navigator.languages),
// `user_agent` the User-Agent header it sends (else Chromium's own),
// `time_zone` the IANA zone its clock shows (else the machine's).
export async function with_page(browser, {
  expected_failures = [], locale = 'en-US', user_agent = undefined, time_zone = undefined,
} = {}, body) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }, locale, userAgent: user_agent, timezoneId: time_zone,
  });
  const problems = [];
  await context.exposeBinding('report_csp_violation', (_source, violation) => problems.push(`CSP: ${violation}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.report_csp_violation(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });

  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (is_expected_failure(message, expected_failures)) return;
    problems.push(`console: ${message.text()} (${message.location().url})`);
  });

  const watch = { requests: [] };  // every URL the page asked for
  page.on('request', (request) => watch.requests.push(new URL(request.url())));
  try {
    await body(page, watch);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'the pages reported problems');
}

function is_expected_failure(message, expected_failures) {
  if (!message.text().startsWith('Failed to load resource')) return false;
  const path = new URL(message.location().url).pathname;
  return expected_failures.some((expected) => (expected instanceof RegExp ? expected.test(path) : expected === path));
}

// Opens the sign-in page and fills its form, without submitting it; with
// `language`, chosen first in the page's menu (it becomes the session's).
export async function fill_sign_in_form(page, server_url, { company, account, password }, { language = null } = {}) {
  await page.goto(`${server_url}/`);
  const texts = catalog(language ?? 'en');
  if (language) {
    await page.locator('#language option[value="zh-CN"]').waitFor({ state: 'attached' });
    await page.locator('#language').selectOption(language);
    await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  }
  await page.getByLabel(texts['sign_in.company'], { exact: true }).fill(company);
  await page.getByLabel(texts['sign_in.account'], { exact: true }).fill(account);
  await page.getByLabel(texts['sign_in.password'], { exact: true }).fill(password);
}

// Submits the sign-in form for `person` and resolves to the server's answer
// to POST /api/session (a playwright Response), whatever it is.
export async function submit_sign_in(page, server_url, person) {
  await fill_sign_in_form(page, server_url, person);
  const answered = page.waitForResponse(`${server_url}/api/session`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return answered;
}

// Signs in through the form and waits for the page the server sends the
// user to; `options` as fill_sign_in_form's.
export async function sign_in(page, server_url, person, landing, options = {}) {
  await fill_sign_in_form(page, server_url, person, options);
  // Exactly: a company's single sign-on buttons say "Sign in with ...".
  await page.getByRole('button', { name: catalog(options.language ?? 'en')['sign_in.submit'], exact: true }).click();
  await page.waitForURL(`${server_url}${landing}`);
}

// The accessible name Chromium computes for `locator` (read from its ARIA
// snapshot, e.g. '- button "Unlock, Demo Agent": Unlock').
export async function accessible_name(locator) {
  const first_line = (await locator.ariaSnapshot()).split('\n')[0];
  const quoted = /^- [\w-]+ ("(?:[^"\\]|\\.)*")/.exec(first_line)?.[1];
  return quoted ? JSON.parse(quoted) : '';
}

// The visible buttons and links of `page` whose accessible name does not
// contain the text they show (WCAG 2.5.3, label in name), as
// [{shown, name}]; an icon without text has nothing to contain.
export async function names_without_their_label(page) {
  const mismatches = [];
  for (const role of ['button', 'link']) {
    for (const control of await page.getByRole(role).all()) {
      if (!(await control.isVisible())) continue;
      const shown = (await control.innerText()).replace(/\s+/g, ' ').trim();
      const name = await accessible_name(control);
      if (shown && !name.toLowerCase().includes(shown.toLowerCase())) mismatches.push({ shown, name });
    }
  }
  return mismatches;
}

// Checks the page as it is now with axe-core (in the page, on the rendered
// DOM: colours, names, roles, structure): WCAG 2.2 A and AA, axe's best
// practices, and label in name (WCAG 2.5.3, which axe counts experimental).
// `state_name` says in the failure what was on the screen.
export async function expect_accessible(page, state_name) {
  const results = await new AxeBuilder({ page })
    .options({ preload: false, rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'])
    .analyze();
  const violations = results.violations.map((violation) => [
    `${violation.id} (${violation.impact}): ${violation.help}`,
    ...violation.nodes.map((node) => `  ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`),
  ].join('\n'));
  assert.deepEqual(violations, [], `${state_name}: axe found accessibility problems`);
  return results;
}

// The text a locator shows once it is visible (locator.waitFor polls; no sleeps).
export async function visible_text(locator) {
  await locator.waitFor({ state: 'visible' });
  return locator.innerText();
}

// What a QR Code on the page says, read from a screenshot of its element by
// two independent decoders: jsQR (npm) and zbarimg (Debian's zbar-tools).
// Resolves to {jsqr, zbar}; a decoder that reads nothing gives null.
export async function read_qr_code(locator) {
  const png = await locator.screenshot();
  const image = PNG.sync.read(png);
  const jsqr = js_qr(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
  const folder = await mkdtemp(path.join(tmpdir(), 'twofold-qr-'));
  try {
    const file = path.join(folder, 'qr.png');
    await writeFile(file, png);
    return { jsqr, zbar: await zbarimg(file) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// zbarimg's text for the one symbol in `file`; null when it finds none (exit
// status 4). A missing zbarimg fails the test.
async function zbarimg(file) {
  try {
    const { stdout } = await run_file('zbarimg', ['--quiet', '--raw', '-Sbinary', file]);
    return stdout.replace(/\n$/, '');
  } catch (error) {
    if (error.code === 4) return null;
    throw error;
  }
}
