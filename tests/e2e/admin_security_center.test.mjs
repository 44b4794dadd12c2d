// The admin console's part of the security center, in Chromium: the rules
// for asking the second factor save with the security settings (any
// combination, not none); Active sessions lists the company's sessions and
// signs one out, or a person everywhere (whose browser then lands on the
// sign-in page); the sign-in chart draws one bar per hour and kind that had
// any, from the server's own numbers, with a text alternative. Each test
// has a company of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign_in_person } from '../support/people.mjs';
import { client, fast_hash_args } from '../support/server.mjs';
import {
  accessible_name, action_name, catalog, fill, sign_in, start_server_and_browser, stop_server_and_browser,
  visible_text, with_page,
} from './browser.mjs';
import { add_company, add_person } from './people.mjs';

const en = catalog('en');
const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
let server;
let browser;

before(async () => {
  ({ server, browser } = await start_server_and_browser({ server: { args: fast_hash_args } }));
});

after(() => stop_server_and_browser(server, browser));

function is_path(pathname, method = 'GET') {
  return (response) => new URL(response.url()).pathname === pathname && response.request().method() === method;
}

// How the pages name a device of the API's answer.
function device_text(name) {
  const part = (family, version, unknown) => (family === 'Other' ? unknown : [family, version].filter(Boolean).join(' '));
  return fill(en['mail.notice.device_name'], {
    browser: part(name.browser, name.browser_version, en['trusted.unknown_browser']),
    system: part(name.os, name.os_version, en['security.unknown_system']),
  });
}

test('the rules for the second factor save with the security settings: any combination, but not none', async () => {
  const admin = await add_company(server);
  await with_page(browser, { expected_failures: ['/api/admin/security'] }, async (page) => {
    const loaded = page.waitForResponse(is_path('/api/admin/security'));
    await sign_in(page, server.url, admin, '/admin/');
    const initial = (await (await loaded).json()).ask_second_factor;
    assert.deepEqual(initial, { every_sign_in: true, new_device: false, new_location: false }, 'the default');

    const security = page.getByRole('region', { name: en['admin.security_title'] });
    const rules = security.getByRole('group', { name: en['admin.ask_legend'] });
    const boxes = {
      every_sign_in: rules.getByRole('checkbox', { name: en['admin.ask_every_sign_in'] }),
      new_device: rules.getByRole('checkbox', { name: en['admin.ask_new_device'] }),
      new_location: rules.getByRole('checkbox', { name: en['admin.ask_new_location'] }),
    };
    async function shown() {
      await security.locator('#security-form input:checked').first().waitFor({ state: 'attached' });
      return Object.fromEntries(await Promise.all(Object.entries(boxes).map(async ([rule, box]) => [rule, await box.isChecked()])));
    }
    assert.deepEqual(await shown(), initial);

    await boxes.every_sign_in.uncheck();
    await boxes.new_device.check();
    await boxes.new_location.check();
    const wanted = { every_sign_in: false, new_device: true, new_location: true };
    const saved = page.waitForResponse(is_path('/api/admin/security', 'PUT'));
    await security.getByRole('button', { name: en['admin.save'], exact: true }).click();
    const answer = await saved;
    assert.equal(answer.status(), 200);
    assert.deepEqual(JSON.parse(answer.request().postData()).ask_second_factor, wanted);
    assert.deepEqual((await answer.json()).ask_second_factor, wanted);
    assert.equal(await visible_text(security.locator('#security-status')), en['admin.saved']);

    const reloaded = page.waitForResponse(is_path('/api/admin/security'));
    await page.reload();
    assert.deepEqual((await (await reloaded).json()).ask_second_factor, wanted);
    assert.deepEqual(await shown(), wanted, 'the form shows what was saved');

    await boxes.new_device.uncheck();
    await boxes.new_location.uncheck();
    const refused = page.waitForResponse(is_path('/api/admin/security', 'PUT'));
    await security.getByRole('button', { name: en['admin.save'], exact: true }).click();
    const refusal = await refused;
    assert.equal(refusal.status(), 400);
    assert.equal((await refusal.json()).error.fields[0].field, 'ask_second_factor');
    assert.equal(await visible_text(security.locator('#ask_second_factor-error')), en['validation.choose_one']);
    assert.equal(await visible_text(security.locator('#security-alert')), en['validation.choose_one']);
    assert.equal(await boxes.every_sign_in.evaluate((box) => box === document.activeElement), true, 'the focus goes to the rules');
  });
});

test('Active sessions signs out one session, then a person everywhere, whose browser then lands on the sign-in page', async () => {
  const admin = await add_company(server);
  const agent = await add_person(server, { username: 'agent', display_name: 'Sessions Agent', company_admin: admin });
  const by_http = client(server.url);
  try {
    await sign_in_person(by_http, agent);
    await with_page(browser, { user_agent: firefox, expected_failures: ['/api/me/language'] }, async (other) => {
      await sign_in(other, server.url, agent, '/agent/');
      await with_page(browser, {}, async (page) => {
        const listed = page.waitForResponse(is_path('/api/admin/sessions'));
        await sign_in(page, server.url, admin, '/admin/');
        const { sessions } = await (await listed).json();
        assert.equal(sessions.length, 3);
        const view = page.getByRole('region', { name: en['admin.sessions_title'] });
        const rows = view.locator('tbody tr');
        await rows.nth(2).waitFor();

        const own = rows.filter({ hasText: en['security.this_session'] });
        assert.equal(await own.count(), 1);
        assert.equal(await own.getByRole('button').count(), 0, 'the header\'s Sign out ends this one');
        const agent_rows = rows.filter({ has: page.getByRole('rowheader', { name: 'Sessions Agent (agent)' }) });
        assert.equal(await agent_rows.count(), 2);
        const firefox_session = sessions.find((session) => session.device.browser === 'Firefox');
        assert.ok((await agent_rows.filter({ hasText: device_text(firefox_session.device) }).innerText()).includes(firefox_session.ip));

        const http_session = sessions.find((session) => session.user.username === 'agent' && session !== firefox_session);
        const ended = page.waitForResponse(is_path(`/api/admin/sessions/${http_session.id}`, 'DELETE'));
        await view.getByRole('button', {
          name: action_name('admin.sign_out_session', `Sessions Agent, ${device_text(http_session.device)}`),
        }).click();
        assert.equal((await ended).status(), 204);
        assert.equal(await visible_text(view.getByRole('status')), fill(en['admin.session_signed_out'], { name: 'Sessions Agent' }));
        await rows.nth(2).waitFor({ state: 'detached' });
        assert.equal((await by_http.get('/api/me')).status, 401, 'that session ended');

        const everywhere = page.waitForResponse(is_path(`/api/admin/users/${firefox_session.user.id}/sign-out`, 'POST'));
        await view.getByRole('button', { name: action_name('admin.sign_out_person', 'Sessions Agent') }).click();
        const answer = await everywhere;
        assert.equal(answer.status(), 200);
        assert.deepEqual(await answer.json(), { ended: 1 });
        assert.equal(await visible_text(view.getByRole('status')),
          fill(en['admin.person_signed_out'], { name: 'Sessions Agent', count: 1 }));
        await rows.nth(1).waitFor({ state: 'detached' });
        assert.equal(await rows.count(), 1);

        await page.setViewportSize({ width: 320, height: 640 });
        await view.waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'the admin console is wider than the phone');
      });
      const refused = other.waitForResponse(is_path('/api/me/language', 'PUT'));
      await other.locator('#language').selectOption('zh-CN');
      assert.equal((await refused).status(), 401);
      await other.waitForURL(`${server.url}/`);
    });
  } finally {
    by_http.close();
  }
});

test('the sign-in chart: a bar per hour and kind that had any, drawn by the page, with a text alternative', async () => {
  const admin = await add_company(server);
  const agent = await add_person(server, { username: 'agent', display_name: 'Chart Agent', company_admin: admin });
  const session = client(server.url);
  try {
    const wrong = await session.post('/api/session', { json: { company: agent.company, account: agent.account, password: 'not the password' } });
    assert.equal(wrong.status, 401);
    await sign_in_person(session, agent);
  } finally {
    session.close();
  }
  await with_page(browser, {}, async (page, watch) => {
    const activity = page.waitForResponse(is_path('/api/admin/security/activity'));
    await sign_in(page, server.url, admin, '/admin/');
    const { hours } = await (await activity).json();
    assert.equal(hours.length, 168);
    const total = (kind) => hours.reduce((sum, hour) => sum + hour[kind], 0);
    const with_any = (kind) => hours.filter((hour) => hour[kind] > 0).length;
    assert.ok(total('sign_ins') >= 2 && total('failures') >= 1, 'this test\'s sign-ins and wrong password count');

    const chart = page.locator('#activity svg');
    await chart.waitFor();
    assert.equal(await chart.locator('rect.bar').count(), with_any('sign_ins') + with_any('failures'));
    assert.equal(await chart.locator('rect.bar-sign-ins').count(), with_any('sign_ins'));
    assert.equal(await chart.locator('rect.bar-failures').count(), with_any('failures'));
    assert.equal(await chart.getAttribute('role'), 'img');

    const summary = fill(en['admin.activity_summary'], { sign_ins: total('sign_ins'), failures: total('failures') });
    assert.equal(await page.locator('#activity-summary').innerText(), summary);
    assert.equal(await accessible_name(page.getByRole('img', { name: en['admin.activity_chart_label'] })),
      `${en['admin.activity_chart_label']} ${summary}`);

    // The numbers by day: the same totals.
    await page.getByText(en['admin.activity_by_day'], { exact: true }).click();
    const table = page.getByRole('table', { name: en['admin.activity_caption'] });
    await table.waitFor();
    const column_sum = async (index) => (await table.locator(`tbody td:nth-child(${index})`).allInnerTexts())
      .reduce((sum, cell) => sum + Number(cell), 0);
    assert.equal(await column_sum(2), total('sign_ins'));
    assert.equal(await column_sum(3), total('failures'));

    const foreign = watch.requests.filter((url) => url.origin !== new URL(server.url).origin && url.protocol !== 'data:');
    assert.deepEqual(foreign, [], 'the page draws the chart itself');
  });
});
