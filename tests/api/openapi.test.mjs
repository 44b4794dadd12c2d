// docs/openapi.yaml and the server must describe the same API: every route
// the server has is documented and every documented route exists; every error
// code the document names has a catalog text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const server_bin = process.env.TWOFOLD_SERVER_BIN ?? 'build/native/server/twofold-server';
const document = parse(readFileSync('docs/openapi.yaml', 'utf8'));
const http_methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function documented_routes() {
  const routes = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      if (http_methods.has(method)) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes.sort();
}

// The server's route table as declared (server/src/app/route.hpp): method,
// path, access and whether it takes a body.
function route_table() {
  return JSON.parse(execFileSync(server_bin, ['--list-routes'], { encoding: 'utf8' }));
}

function server_routes() {
  return route_table().map((r) => `${r.method} ${r.path}`).sort();
}

function operation_of(route) {
  return document.paths[route.path]?.[route.method.toLowerCase()];
}

test('every server route is documented and every documented route exists', () => {
  const server = server_routes();
  assert.ok(server.length > 0, 'the server lists its routes');
  assert.deepEqual(documented_routes(), server);
});

test('what the route table declares, the document says: who may call, and the body', () => {
  const table = route_table();
  assert.ok(table.some((route) => route.access === 'administrator'), 'the table names its access');
  for (const route of table) {
    const name = `${route.method} ${route.path}`;
    const operation = operation_of(route);
    assert.ok(operation, `${name} is documented`);
    const responses = Object.keys(operation.responses ?? {});
    if (route.access === 'session' || route.access === 'administrator') {
      assert.ok(responses.includes('401'), `${name} needs a session: its 401 is documented`);
    }
    if (route.access === 'administrator') {
      assert.ok(responses.includes('403'), `${name} is for administrators: its 403 is documented`);
    }
    if (route.access === 'metrics_token') {
      assert.ok(responses.includes('401'), `${name} needs the metrics token: its 401 is documented`);
    }
    if (route.access === 'sign_in_flow') {
      assert.ok(responses.includes('401'), `${name} needs a sign-in in progress: its 401 is documented`);
    }
    assert.equal(Boolean(operation.requestBody), route.body, `${name} ${route.body ? 'takes' : 'takes no'} body`);
  }
});

test('every documented operation has responses and an operationId', () => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!http_methods.has(method)) continue;
      assert.ok(operation.operationId, `${method} ${path} has an operationId`);
      assert.ok(Object.keys(operation.responses ?? {}).length > 0, `${method} ${path} has responses`);
    }
  }
});

test('every documented error code has a text in every language', () => {
  const codes = document.components.schemas.ErrorBody.properties.error.properties.code.enum;
  for (const file of ['shared/i18n/en.json', 'shared/i18n/zh-CN.json']) {
    const catalog = JSON.parse(readFileSync(file, 'utf8'));
    for (const code of codes) assert.ok(catalog[`error.${code}`], `${file} has error.${code}`);
  }
});
