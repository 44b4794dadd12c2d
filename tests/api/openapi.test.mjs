// docs/openapi.yaml and the server must describe the same API: every route
// the server has is documented and every documented route exists; every error
// code the document names has a catalog text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const serverBin = process.env.TWOFOLD_SERVER_BIN ?? 'build/native/server/twofold-server';
const document = parse(readFileSync('docs/openapi.yaml', 'utf8'));
const httpMethods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function documentedRoutes() {
  const routes = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      if (httpMethods.has(method)) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes.sort();
}

function serverRoutes() {
  const out = execFileSync(serverBin, ['--list-routes'], { encoding: 'utf8' });
  return JSON.parse(out).map((r) => `${r.method} ${r.path}`).sort();
}

test('every server route is documented and every documented route exists', () => {
  const server = serverRoutes();
  assert.ok(server.length > 0, 'the server lists its routes');
  assert.deepEqual(documentedRoutes(), server);
});

test('every documented operation has responses and an operationId', () => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.has(method)) continue;
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
