// Security settings in Chromium, where the account is used: two browsers
// (contexts) of one person, the second with Firefox's User-Agent, see each
// other under "Where you're signed in" and "Your devices"; one signs the
// other out (whose next request lands on the sign-in page), blocks its
// device (a sign-in from it then gets the generic refusal) and unblocks
// it; the person's own audit log lists these events with their exact
// times in a tooltip, in the time zone the person saved; the backup codes
// print; every state is axe-clean in English and Chinese and fits a phone.
// The server reads places from the test location database (127.0.0.1 is
// Berlin).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import {
  action_name, catalog, expect_accessible, fill, names_without_their_label, sign_in, start_server_and_browser,
  stop_server_and_browser, submit_sign_in, visible_text, with_page,
} from './browser.mjs';
import { add_person, set_up_app_here } from './people.mjs';
import { test_locations_database } from '../support/security_center.mjs';

const catalogs = { 'en': catalog('en'), 'zh-CN': catalog('zh-CN') };
const en = catalogs.en;
const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
// The browsers' clocks: neither UTC nor the zone the person later saves.
const browser_zone = 'America/New_York';
const saved_zone = 'Asia/Tokyo';
const locations = test_locations_database();

let server;
let browser;
let people = 0;

before(async () => {
  ({ server, browser } = await start_server_and_browser({
    server: { args: [...fast_hash_args, '--geoip-database', locations] },
  }));
});

after(() => stop_server_and_browser(server, browser));

// A person of the demo company of the test's own, without 2FA.
function new_person() {
  people += 1;
  return add_person(server, { username: `center${people}`, display_name: `Center Person ${people}` });
}

const berlin = () => fill(en['mail.notice.city_country'], { city: 'Berlin', country: 'Germany' });

// How the page names a device of the API's answer: "Firefox 133.0 on Windows 10".
function device_text(name) {
  const part = (family, version, unknown) => (family === 'Other' ? unknown : [family, version].filter(Boolean).join(' '));
  return fill(en['mail.notice.device_name'], {
    browser: part(name.browser, name.browser_version, en['trusted.unknown_browser']),
    system: part(name.os, name.os_version, en['security.unknown_system']),
  });
}

// The exact time the tooltips show, formatted here by node's ICU.
function exact(iso_time, zone, language = 'en') {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'long', timeZone: zone })
    .format(new Date(iso_time));
}

function is_path(pathname, method = 'GET') {
  return (response) => new URL(response.url()).pathname === pathname && response.request().method() === method;
}

// Opens Security settings and resolves once the three lists are shown to
// the answers they show: {sessions, devices, locations}.
async function open_security_settings(page) {
  const answers = ['sessions', 'devices', 'locations'].map((name) => page.waitForResponse(is_path(`/api/me/${name}`)));
  await page.goto(`${server.url}/profile/`);
  const [sessions, devices, locations_answer] = await Promise.all(answers);
  const shown = {
    sessions: (await sessions.json()).sessions,
    devices: (await devices.json()).devices,
    locations: (await locations_answer.json()).locations,
  };
  for (const [name, items] of Object.entries(shown)) {
    assert.ok(items.length > 0, `${name}: the server lists this browser`);
    await page.locator(`#${name}-list > li`).nth(items.length - 1).waitFor();
  }
  return shown;
}

function section(page, heading_key, texts = en) {
  return page.getByRole('region', { name: texts[heading_key], exact: true });
}

// The tooltip of `holder`'s time: hidden until the mouse is on the time,
// shown while it is, and shown again when the time has the focus (Escape
// hides it); it describes the time. Resolves to its text.
async function tooltip_of(page, holder) {
  const time = holder.locator('time');
  const tip = holder.getByRole('tooltip');
  assert.equal(await tip.isVisible(), false, 'the tooltip waits for the mouse or the focus');
  await time.hover();
  await tip.waitFor({ state: 'visible' });
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden' });
  await time.focus();
  await tip.waitFor({ state: 'visible' });
  assert.equal(await time.getAttribute('aria-describedby'), await tip.getAttribute('id'));
  const shown = await tip.innerText();
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden' });
  await time.blur();
  return shown;
}

test('two browsers of one person: the first sees both and signs the other out, which then lands on the sign-in page', async () => {
  const person = await new_person();
  await with_page(browser, { user_agent: firefox, expected_failures: ['/api/me/language'] }, async (other) => {
    await sign_in(other, server.url, person, '/agent/');
    await with_page(browser, { time_zone: browser_zone }, async (page) => {
      await sign_in(page, server.url, person, '/agent/');
      const { sessions } = await open_security_settings(page);
      assert.equal(sessions.length, 2);
      const theirs = sessions.find((session) => !session.current);
      assert.equal(theirs.device.browser, 'Firefox');
      assert.equal(theirs.device.os, 'Windows');
      assert.equal(theirs.location.city, 'Berlin');

      const where = section(page, 'security.sessions_heading');
      const items = where.getByRole('listitem');
      assert.equal(await items.count(), 2);
      const this_one = items.filter({ hasText: en['security.this_session'] });
      assert.equal(await this_one.count(), 1);
      assert.equal(await this_one.getByRole('button').count(), 0, 'this session is ended by the header\'s Sign out');
      const other_item = items.filter({ hasNotText: en['security.this_session'] });
      const name = `${device_text(theirs.device)} · ${berlin()}`;
      const shown = await other_item.innerText();
      for (const part of [device_text(theirs.device), berlin(), theirs.ip, en['security.last_access']]) {
        assert.ok(shown.includes(part), `the session shows ${part}: ${shown}`);
      }
      assert.equal(await tooltip_of(page, other_item), exact(theirs.last_seen_at, browser_zone));

      const ended = page.waitForResponse(is_path(`/api/me/sessions/${theirs.id}`, 'DELETE'));
      await other_item.getByRole('button', { name: action_name('security.sign_out_session', name) }).click();
      assert.equal((await ended).status(), 204);
      assert.equal(await visible_text(where.getByRole('status')), fill(en['security.signed_out_one'], { name }));
      await items.nth(1).waitFor({ state: 'detached' });
      assert.equal(await items.count(), 1);
      await where.getByText(en['security.only_this_session']).waitFor();
      assert.equal(await where.getByRole('button', { name: en['security.sign_out_others'] }).isVisible(), false);
    });

    // The other browser still shows its page; its next request is refused
    // and takes it to the sign-in page.
    const refused = other.waitForResponse(is_path('/api/me/language', 'PUT'));
    await other.locator('#language').selectOption('zh-CN');
    assert.equal((await refused).status(), 401);
    await other.waitForURL(`${server.url}/`);
    await other.locator('#sign-in-form').waitFor();
  });
});

test('"Sign out all other sessions" ends every other session of the person', async () => {
  const person = await new_person();
  const elsewhere = client(server.url);
  try {
    await sign_in_person(elsewhere, person);
    await with_page(browser, { user_agent: firefox, expected_failures: ['/api/me/language'] }, async (other) => {
      await sign_in(other, server.url, person, '/agent/');
      await with_page(browser, {}, async (page) => {
        await sign_in(page, server.url, person, '/agent/');
        const { sessions } = await open_security_settings(page);
        assert.equal(sessions.length, 3);
        const where = section(page, 'security.sessions_heading');
        const ended = page.waitForResponse(is_path('/api/me/sessions/sign-out-others', 'POST'));
        await where.getByRole('button', { name: en['security.sign_out_others'] }).click();
        const answer = await ended;
        assert.equal(answer.status(), 200);
        assert.deepEqual(await answer.json(), { ended: 2 });
        assert.equal(await visible_text(where.getByRole('status')), fill(en['security.signed_out_others'], { count: 2 }));
        assert.equal(await where.getByRole('listitem').count(), 1);
        assert.equal((await page.request.get(`${server.url}/api/me`)).status(), 200, 'this session goes on');
      });
      assert.equal((await elsewhere.get('/api/me')).status, 401);
      const refused = other.waitForResponse(is_path('/api/me/language', 'PUT'));
      await other.locator('#language').selectOption('zh-CN');
      assert.equal((await refused).status(), 401);
      await other.waitForURL(`${server.url}/`);
    });
  } finally {
    elsewhere.close();
  }
});

test('a blocked device cannot sign in (the generic refusal) until it is unblocked; this device and place cannot be blocked; the audit log tells it in the saved time zone', async () => {
  const person = await new_person();
  const other_failures = ['/api/me/language', '/api/session', '/api/me'];
  await with_page(browser, { user_agent: firefox, expected_failures: other_failures }, async (other) => {
    await sign_in(other, server.url, person, '/agent/');
    await with_page(browser, { time_zone: browser_zone, expected_failures: [/^\/api\/me\/(devices|locations)\/[0-9]+\/block$/] }, async (page) => {
      await sign_in(page, server.url, person, '/agent/');
      const { devices, locations: places } = await open_security_settings(page);
      assert.equal(devices.length, 2);
      const mine = devices.find((device) => device.current);
      const theirs = devices.find((device) => !device.current);
      assert.equal(theirs.name.browser, 'Firefox');
      const list = section(page, 'security.devices_heading');

      // This browser's own device: the server refuses, in its own words.
      const own_block = page.waitForResponse(is_path(`/api/me/devices/${mine.id}/block`, 'POST'));
      await list.getByRole('button', { name: action_name('security.block', device_text(mine.name)) }).click();
      assert.equal((await own_block).status(), 409);
      assert.equal(await visible_text(list.getByRole('alert')), en['error.current_device']);

      const their_name = device_text(theirs.name);
      const item = list.getByRole('listitem').filter({ hasText: their_name });
      for (const part of [en['security.first_seen'], en['security.last_seen'], theirs.last_ip]) {
        assert.ok((await item.innerText()).includes(part), `the device shows ${part}`);
      }
      const blocked = page.waitForResponse(is_path(`/api/me/devices/${theirs.id}/block`, 'POST'));
      await item.getByRole('button', { name: action_name('security.block', their_name) }).click();
      assert.equal((await blocked).status(), 200);
      assert.equal(await visible_text(list.getByRole('status')), fill(en['security.now_blocked'], { name: their_name }));
      await item.getByText(en['security.blocked'], { exact: true }).waitFor();
      const unblock = item.getByRole('button', { name: action_name('security.unblock', their_name) });
      assert.equal(await unblock.evaluate((button) => button === document.activeElement), true,
        'the focus stays on the row: its Unblock button');
      assert.equal(await section(page, 'security.sessions_heading').getByRole('listitem').count(), 1,
        'blocking signed the device out');

      // This place: the same refusal, for locations.
      assert.equal(places.length, 1);
      const here = section(page, 'security.locations_heading');
      await here.getByText(berlin(), { exact: true }).waitFor();
      const place_block = page.waitForResponse(is_path(`/api/me/locations/${places[0].id}/block`, 'POST'));
      await here.getByRole('button', { name: action_name('security.block', berlin()) }).click();
      assert.equal((await place_block).status(), 409);
      assert.equal(await visible_text(here.getByRole('alert')), en['error.current_location']);

      // The blocked browser: signed out, and its right password gets the
      // answer of a wrong one.
      await other.goto(`${server.url}/`);
      const refused = await submit_sign_in(other, server.url, person);
      assert.equal(refused.status(), 401);
      assert.equal(await visible_text(other.locator('#form-alert p')), en['error.sign_in_failed']);

      const unblocked = page.waitForResponse(is_path(`/api/me/devices/${theirs.id}/unblock`, 'POST'));
      await unblock.click();
      assert.equal((await unblocked).status(), 200);
      assert.equal(await visible_text(list.getByRole('status')), fill(en['security.now_unblocked'], { name: their_name }));
      await sign_in(other, server.url, person, '/agent/');

      // The time zone: saved, applied to the page's times at once.
      const zones = section(page, 'security.time_zone_heading');
      const zone_menu = zones.getByRole('combobox', { name: en['security.time_zone_label'] });
      assert.equal(await zone_menu.inputValue(), '', 'the browser\'s zone until one is saved');
      assert.equal(await zone_menu.locator('option').first().innerText(), fill(en['security.time_zone_browser'], { zone: browser_zone }));
      await zone_menu.selectOption(saved_zone);
      const saved = page.waitForResponse(is_path('/api/me/time-zone', 'PUT'));
      await zones.getByRole('button', { name: en['security.time_zone_save'] }).click();
      const saved_answer = await saved;
      assert.equal(saved_answer.status(), 200);
      assert.equal((await saved_answer.json()).user.time_zone, saved_zone);
      assert.equal(await visible_text(zones.getByRole('status')), fill(en['security.time_zone_saved'], { zone: saved_zone }));

      // The audit log, after a reload: the events newest first, each with
      // its exact time in the saved zone.
      const logged = page.waitForResponse(is_path('/api/me/audit-events'));
      await open_security_settings(page);
      const log_answer = await (await logged).json();
      const names = log_answer.events.map((entry) => entry.event);
      for (const name of ['device.blocked', 'device.unblocked', 'sign_in.blocked']) assert.ok(names.includes(name), `${name} is logged`);
      assert.ok(names.indexOf('device.unblocked') < names.indexOf('sign_in.blocked'), 'newest first');
      assert.ok(names.indexOf('sign_in.blocked') < names.indexOf('device.blocked'), 'newest first');
      assert.equal(await zone_menu.inputValue(), saved_zone, 'the saved zone, read from GET /api/me');

      const log = section(page, 'audit.title');
      const rows = log.locator('tbody tr');
      await rows.nth(log_answer.events.length - 1).waitFor();
      assert.deepEqual(await rows.locator('td:nth-child(2)').allInnerTexts(),
        log_answer.events.map((entry) => en[`audit.event.${entry.event}`] ?? entry.event));

      // Filtered by event: the block alone, its time in Tokyo.
      const filtered = page.waitForResponse((response) => is_path('/api/me/audit-events')(response) &&
        new URL(response.url()).searchParams.get('event') === 'device.blocked');
      await log.getByRole('combobox', { name: en['field.event'] }).selectOption('device.blocked');
      await log.getByRole('button', { name: en['audit.filter'] }).click();
      const only_blocks = (await (await filtered).json()).events;
      assert.equal(only_blocks.length, 1);
      await rows.nth(1).waitFor({ state: 'detached' });
      const row = rows.first();
      assert.equal(await row.locator('td').first().innerText(), en['audit.event.device.blocked']);
      assert.ok((await row.innerText()).includes('Firefox'), 'the detail names the device');
      assert.equal(await tooltip_of(page, row.locator('.time-tip')), exact(only_blocks[0].time, saved_zone));
    });
  });
});

test('Print shows the new backup codes alone, on paper', async () => {
  const person = await new_person();
  await with_page(browser, {}, async (page) => {
    await sign_in(page, server.url, person, '/agent/');
    await page.goto(`${server.url}/profile/`);
    const { backup_codes } = await set_up_app_here(page);
    await page.evaluate(() => {
      window.print_calls = 0;
      window.print = () => { window.print_calls += 1; };
    });
    const kept = page.waitForResponse(is_path('/api/me/backup-codes/download', 'POST'));
    await page.getByRole('button', { name: en['backup_codes.ui_print'], exact: true }).click();
    assert.equal((await kept).status(), 204);
    assert.equal(await page.evaluate(() => window.print_calls), 1);

    const sheet = page.locator('#print-sheet');
    assert.equal(await sheet.isVisible(), false, 'on the screen the page stays as it was');
    await page.emulateMedia({ media: 'print' });
    await sheet.waitFor({ state: 'visible' });
    const printed = await sheet.innerText();
    for (const code of backup_codes) assert.ok(printed.includes(code), `the sheet shows ${code}`);
    assert.ok(printed.includes(person.account));
    for (const hidden of ['main', 'header']) assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('#new-codes').waitFor({ state: 'visible' });
  });
});

test('Security settings with sessions, devices, places and events: axe-clean in English and Chinese, labels in names, and a 320 px phone', async () => {
  const person = await new_person();
  await with_page(browser, { user_agent: firefox }, async (other) => {
    await sign_in(other, server.url, person, '/agent/');
    await with_page(browser, {}, async (page) => {
      await sign_in(page, server.url, person, '/agent/');
      await open_security_settings(page);
      await page.locator('#my-audit-rows tr').first().waitFor();
      for (const language of ['en', 'zh-CN']) {
        const texts = catalogs[language];
        await page.locator('#language').selectOption(language);
        await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
        await section(page, 'security.sessions_heading', texts).waitFor();
        assert.equal(await section(page, 'security.sessions_heading', texts).getByRole('button').first().innerText(),
          texts['security.sign_out_session']);
        await expect_accessible(page, `Security settings, where you are signed in (${language})`);
        assert.deepEqual(await names_without_their_label(page), [], `label in name (${language})`);
        // The side panel leads to each section.
        const nav = page.getByRole('navigation', { name: texts['security.sections_label'] });
        await nav.getByRole('link', { name: texts['security.devices_heading'] }).click();
        await page.waitForURL(`${server.url}/profile/#devices`);
      }
      await page.setViewportSize({ width: 320, height: 640 });
      await page.getByRole('region', { name: catalogs['zh-CN']['security.sessions_heading'] }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'Security settings is wider than the phone');
      await expect_accessible(page, 'Security settings on a phone (zh-CN)');
    });
  });
});
