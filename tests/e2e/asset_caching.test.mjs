// A cold load asks for one stylesheet (app.css with its layers inlined); a
// warm load of the sign-in page asks the server for the page alone: every
// stylesheet, module, the core's loader and its wasm come from the browser's
// cache under their fingerprinted names (server/src/app/static_files.hpp),
// and the page still works from there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { start_server } from '../support/server.mjs';
import {
  demo_person, launch_browser, sign_in, stop_server_and_browser, with_page,
} from './browser.mjs';

let server;
let browser;

// One server, whose request log is read (not the servers behind a proxy that
// TWOFOLD_E2E_INSTANCES would start).
before(async () => {
  [server, browser] = await Promise.all([start_server(), launch_browser()]);
});

after(() => stop_server_and_browser(server, browser));

// Marks the server's request log with a request of ours, once it is logged:
// every request answered before it is logged before it.
async function mark() {
  const path = `/marks/${randomUUID()}`;
  await fetch(`${server.url}${path}`);
  await server.wait_for_log((line) => line.event === 'http.request' && line.path === path);
  return path;
}

// The paths the server answered between two marks.
function answered_between(start, end) {
  const paths = server.logs.filter((line) => line.event === 'http.request').map((line) => line.path);
  return paths.slice(paths.indexOf(start) + 1, paths.indexOf(end));
}

async function core_ready(page) {
  // The button is enabled once the page's modules and the wasm core have loaded.
  await page.locator('#sign-in-submit:enabled').waitFor();
}

test('a warm reload of the sign-in page asks the server for the page alone, and signing in still works', async () => {
  await with_page(browser, {}, async (page, watch) => {
    const cold_start = await mark();
    await page.goto(`${server.url}/`);
    await core_ready(page);
    const cold_end = await mark();
    const cold = answered_between(cold_start, cold_end);
    const wasm = cold.filter((path) => path.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `the wasm core is fetched once, by its preload: ${cold.join(' ')}`);
    assert.match(wasm[0], /^\/core\/twofold_core\.[0-9a-f]{12}\.wasm$/);
    for (const prefix of ['/css/app.', '/core/twofold_core.', '/js/sign_in_page.', '/js/core_api.']) {
      assert.ok(cold.some((path) => path.startsWith(prefix)), `the cold load fetched ${prefix}*: ${cold.join(' ')}`);
    }
    const stylesheets = cold.filter((path) => path.startsWith('/css/'));
    assert.equal(stylesheets.length, 1, `one stylesheet, app.css with its layers inlined: ${cold.join(' ')}`);
    for (const path of cold.filter((path) => path !== '/')) {
      assert.match(path, /\.[0-9a-f]{12}\.(js|css|wasm)$/, `${path}: asked for by its fingerprinted name`);
    }

    watch.requests.length = 0;
    await page.reload();
    await core_ready(page);
    const warm = answered_between(cold_end, await mark());
    assert.deepEqual(warm, ['/'], 'only the page reaches the server');
    const asked = watch.requests.map((url) => url.pathname);
    for (const path of cold) {
      assert.ok(asked.includes(path), `the reloaded page used ${path} (from the cache)`);
    }

    const me = page.waitForResponse(`${server.url}/api/me`);
    await sign_in(page, server.url, demo_person(server, 'admin'), '/admin/');
    assert.equal((await me).status(), 200);
  });
});
