// Several twofold-server processes on one database, as behind a load
// balancer: each on a port of its own, all on one data folder (server.key,
// the file outbox) and one database. TWOFOLD_TEST_DATABASE chooses the
// database:
//   sqlite (default)  the data folder's twofold.db, shared in WAL mode
//   postgresql        a throwaway cluster (tests/support/postgresql) whose
//                     URL each server gets with --database
//
//   const group = await start_instances({count: 2});
//   const [a, b] = group.instances;          // each as start_server resolves
//   group.demo                               // the demo company, whoever created it
//   await group.rows('SELECT ...');          // rows of the shared database (database.mjs)
//   await group.run('UPDATE ...');           // a change to it
//   await group.kill(a);                     // SIGKILL, resolves once it is gone
//   await group.stop();                      // the others stopped, everything removed
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';

import {audit_events, database_kinds, open_database, test_database_kind} from './database.mjs';
import {start_round_robin_proxy} from './round_robin_proxy.mjs';
import {client, fast_hash_args, fresh_data_dir, start_server} from './server.mjs';

export {database_kinds, test_database_kind} from './database.mjs';

// ---------------------------------------------------------------- instances

/**
 * Starts `count` servers at once on a fresh data folder and database, so
 * every group also proves that servers starting together agree (one demo
 * company, one schema, one server key).
 *   args:  extra command-line arguments for every server (e.g. fast_hash_args,
 *          or the SMTP sink's --mail-transport smtp --smtp-url ...)
 *   env:   extra environment variables for every server
 *   database_kind: 'sqlite' or 'postgresql' (default: test_database_kind())
 * Resolves to {instances (each as start_server resolves, with the group's
 * demo), demo, data_dir, database ({kind, url?}), rows(sql), run(sql),
 * database_args, audit_events(event), kill(instance), stop()}.
 */
export async function start_instances({count = 2, args = [], env = {}, database_kind = test_database_kind()} = {}) {
  assert.ok(count >= 1, 'at least one instance');
  assert.ok(database_kinds.includes(database_kind), `a database kind: ${database_kind}`);
  const data_dir = await fresh_data_dir();
  let database;
  try {
    database = await open_database(database_kind, data_dir);
  } catch (error) {
    await rm(data_dir, {recursive: true, force: true});
    throw error;
  }
  const started = await Promise.allSettled(Array.from({length: count}, () =>
    start_server({data_dir, args: [...database.server_args, ...args], env})));
  const instances = started.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value);

  async function stop() {
    const codes = await Promise.all(instances.map((instance) => instance.stop()));
    await database.stop();
    await rm(data_dir, {recursive: true, force: true});
    return codes;
  }

  const failed = started.filter((outcome) => outcome.status === 'rejected');
  const demos = instances.filter((instance) => instance.demo !== null);
  if (failed.length || demos.length !== 1) {
    await stop();
    const reasons = failed.map((outcome) => outcome.reason.message);
    throw new Error(`${count} servers starting together on one ${database.kind} database: ${failed.length} failed, ` +
                    `${demos.length} created the demo company (one must)\n${reasons.join('\n')}`);
  }
  const {demo} = demos[0];
  for (const instance of instances) instance.demo = demo;

  const group = {
    instances,
    demo,
    data_dir,
    database: {kind: database.kind, url: database.url},
    rows: (sql) => database.rows(sql),
    run: (sql) => database.run(sql),
    database_args: database.server_args,
    // The audit events named `event`, oldest first: [{user_id, company_id, detail (parsed)}].
    audit_events: (event) => audit_events(group, event),
    // Ends `instance` with SIGKILL: no shutdown, whatever it was doing.
    async kill(instance) {
      assert.ok(instances.includes(instance), 'an instance of this group');
      instance.process.kill('SIGKILL');
      const {signal} = await instance.exited;
      assert.equal(signal, 'SIGKILL', 'the instance ended by the kill');
    },
    stop,
  };
  return group;
}

/**
 * A group for one test, as two_factor.mjs's server_for_test is a server:
 * fast password hashing and several workers per server, stopped (each
 * checked to exit 0, or to have been killed by the test) when the test ends.
 */
export async function instances_for_test(t, {count = 2, args = [], env = {}} = {}) {
  const group = await start_instances({count, args: [...fast_hash_args, '--worker-threads', '4', ...args], env});
  t.after(async () => {
    const codes = await group.stop();
    group.instances.forEach((instance, index) => {
      if (instance.process.signalCode !== 'SIGKILL') assert.equal(codes[index], 0, `instance ${index} exits cleanly`);
    });
  });
  return group;
}

// ---------------------------------------------------------------- one person, every instance

/**
 * `count` clients with the cookies of `browser` (a client()), the i-th
 * talking to instances[i % instances.length], each on a connection of its
 * own: one person's requests sent at once and split across the servers, as
 * a browser's are behind a load balancer (it sends a host's cookies to every
 * port). Close them with close_all().
 */
export function spread_across(instances, browser, count) {
  return Array.from({length: count}, (_, i) => client(instances[i % instances.length].url, {jar: browser.cookies}));
}

// The same person's browser pointed at `instance`.
export function same_browser_on(instance, browser) {
  return client(instance.url, {jar: browser.cookies});
}

export function close_all(browsers) {
  for (const browser of browsers) browser.close();
}

// Resolves once `instance` logged an answer to `route` (method and path,
// e.g. 'POST /api/session'): the log line may follow the answer.
export function served(instance, route) {
  const [method, path] = route.split(' ');
  return instance.wait_for_log((line) => line.event === 'http.request' && line.method === method && line.path === path);
}

/**
 * `count` servers (start_instances) behind a round-robin proxy
 * (round_robin_proxy.mjs), each told the proxy's origin as --public-url so
 * links in mails lead through it. Resolves to a stand-in for one server as
 * start_server resolves it: {url (the proxy's), demo, data_dir, rows(sql),
 * run(sql), database_args, instances, proxy, group, stop()}.
 */
export async function start_instances_behind_proxy({count = 2, args = [], env = {}, ...unsupported} = {}) {
  assert.deepEqual(Object.keys(unsupported), [], 'options servers behind the proxy do not take');
  const proxy = await start_round_robin_proxy();
  let group;
  try {
    group = await start_instances({count, args: [...args, '--public-url', proxy.url], env});
  } catch (error) {
    await proxy.stop();
    throw error;
  }
  proxy.use(group.instances.map((instance) => instance.url));
  return {
    url: proxy.url,
    demo: group.demo,
    data_dir: group.data_dir,
    rows: group.rows,
    run: group.run,
    database_args: group.database_args,
    instances: group.instances,
    proxy,
    group,
    // Resolves to the first non-zero exit code, else 0; fails when the
    // proxy sent some server nothing (the requests were not shared).
    async stop() {
      await proxy.stop();
      const codes = await group.stop();
      const forwarded = proxy.forwarded.reduce((sum, n) => sum + n, 0);
      assert.ok(forwarded < count || proxy.forwarded.every((n) => n > 0), `requests per server: ${proxy.forwarded}`);
      return codes.find((code) => code !== 0) ?? 0;
    },
  };
}
