// The sign-in page in headless Chromium (Debian's, driven by playwright-core)
// against a floor: a plain HTML page with one button and nothing else, served
// by the same server from the same web folder (bench/run adds it there).
// Cold: a new browser context (empty cache). Warm: the same page opened again
// in that context. Times are the page's own, from navigation start
// (performance.now()), taken in the first animation frame after the DOM shows
// what is waited for:
//   Twofold  "Sign in visible": the Sign in button present and enabled (its
//            script took the form over); "core ready": the language switch
//            shown, which the page does once the wasm core is loaded.
//   floor    its button present; the load event.
import {chromium} from 'playwright-core';

import {fixed, median, rounds_of, table} from './figures.mjs';

export const floor_path = '/bench-floor/';
export const floor_page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Floor</title></head>
<body><button id="floor-button" type="button">Sign in</button></body>
</html>
`;

const chromium_args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Runs in every page before its own scripts: records when each condition
// first holds, in the animation frame after the DOM change that made it so.
function watch_page() {
  const seen = {};
  window.__bench_seen = seen;
  const conditions = {
    visible: () => {
      const button = document.getElementById('sign-in-submit') ?? document.getElementById('floor-button');
      return button !== null && !button.disabled;
    },
    ready: () => {
      const language_switch = document.querySelector('.language-switch');
      return language_switch !== null && !language_switch.hidden;
    },
  };
  const check = () => {
    for (const [name, holds] of Object.entries(conditions)) {
      if (!(name in seen) && holds()) {
        seen[name] = null;
        requestAnimationFrame(() => { seen[name] = performance.now(); });
      }
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  addEventListener('load', () => { seen.load = performance.now(); });
}

async function open(page, url, waited) {
  await page.goto(url, {waitUntil: 'load'});
  await page.waitForFunction((names) => names.every((name) => typeof window.__bench_seen?.[name] === 'number'), waited, {polling: 50});
  return page.evaluate(() => ({...window.__bench_seen}));
}

export async function page_load(run) {
  const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: chromium_args});
  const loads = {twofold: {cold: [], warm: []}, floor: {cold: [], warm: []}};
  const cases = [
    {name: 'twofold', url: `${run.twofold_url}/`, waited: ['visible', 'ready']},
    {name: 'floor', url: `${run.twofold_url}${floor_path}`, waited: ['visible', 'load']},
  ];
  try {
    for (let round = 0; round < run.page_rounds; ++round) {
      // A, B then B, A: neither always goes first.
      for (const one of round % 2 ? [...cases].reverse() : cases) {
        const context = await browser.newContext();
        await context.addInitScript(watch_page);
        const page = await context.newPage();
        loads[one.name].cold.push(await open(page, one.url, one.waited));
        loads[one.name].warm.push(await open(page, one.url, one.waited));
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const ms = (value) => `${fixed(value)} ms`;
  const row = (temperature) => {
    const twofold = loads.twofold[temperature];
    const floor = loads.floor[temperature];
    const visible = [median(twofold.map((l) => l.visible)), median(floor.map((l) => l.visible))];
    const ready = [median(twofold.map((l) => l.ready)), median(floor.map((l) => l.load))];
    return {
      figure: `sign-in page ${temperature}: Sign in visible / core ready`,
      twofold: `${ms(visible[0])} / ${ms(ready[0])}`,
      anchor: `floor page: visible ${ms(visible[1])} / load ${ms(ready[1])}`,
      ratio: `${fixed(visible[0] / visible[1], 2)} / ${fixed(ready[0] / ready[1], 2)}`,
      goal: '≤ 1.2×',
    };
  };
  const list = (temperature, name, field) => rounds_of(loads[name][temperature].map((l) => l[field]));
  return [
    `### Page load in headless Chromium\n\n\`/\` (the sign-in page) against \`${floor_path}\` (one button, no script`
    + ` or style) from the same server, ${run.page_rounds} rounds, the order turned every round. Times from`
    + ' navigation start to the animation frame after the Sign in button is enabled / the language switch is'
    + ' shown (the core is loaded); on the floor page, its button / the load event. Cold: a new context;'
    + ' warm: the same page again in it.\n',
    table([row('cold'), row('warm')]),
    '',
    `Rounds in ms, cold — Twofold visible: ${list('cold', 'twofold', 'visible')}; ready: ${list('cold', 'twofold', 'ready')};`
    + ` floor visible: ${list('cold', 'floor', 'visible')}; load: ${list('cold', 'floor', 'load')}.`,
  ].join('\n');
}
