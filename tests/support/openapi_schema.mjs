// Checks real answers against docs/openapi.yaml: the documented status, the
// body against the response's schema (types, required and undeclared
// properties, enums, nullability, array sizes, date-times) and documented
// headers, oneOf, allOf. Enough of OpenAPI 3.0 for the schemas this project writes.
//
//   assert_documented(answer, 'POST', '/api/session/second-step');
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';

import {repo_root} from './server.mjs';

const document = parse(readFileSync(path.join(repo_root, 'docs/openapi.yaml'), 'utf8'));

// '#/components/schemas/X' -> the object it names.
function resolve(node) {
  let current = node;
  while (current?.$ref) {
    current = current.$ref.replace(/^#\//, '').split('/').reduce((object, key) => object?.[key], document);
    assert.ok(current, `unresolved ${node.$ref}`);
  }
  return current;
}

function type_of(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

// RFC 3339 date-time, as OpenAPI's `format: date-time` means.
const date_time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// allOf: one object schema with the parts' properties and required names.
function merged(schema) {
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map((part) => merged(resolve(part)));
  return {
    type: 'object',
    nullable: schema.nullable,
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    required: parts.flatMap((part) => part.required ?? []),
  };
}

/** The differences between `value` and `schema`, as "where: what" lines. */
export function schema_problems(value, schema_node, where = 'body') {
  const schema = merged(resolve(schema_node));
  if (value === null) return schema.nullable ? [] : [`${where}: null, but not nullable`];
  if (schema.oneOf) return one_of_problems(value, schema.oneOf, where);
  const actual = type_of(value);
  const problems = [];
  const expected = schema.type ?? (schema.properties ? 'object' : undefined);
  const type_matches = expected === undefined || actual === expected || (expected === 'number' && actual === 'integer');
  if (!type_matches) return [`${where}: ${actual}, documented as ${expected}`];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} not in ${schema.enum}`);
  if (schema.format === 'date-time' && !date_time.test(value)) problems.push(`${where}: ${value} is no date-time`);
  if (actual === 'array') {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${where}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${where}: more than ${schema.maxItems} items`);
    value.forEach((item, index) => problems.push(...schema_problems(item, schema.items ?? {}, `${where}[${index}]`)));
  }
  if (actual === 'object') {
    const properties = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      if (!(name in value)) problems.push(`${where}.${name}: required, missing`);
    }
    // An object with no properties declared is free-form (e.g. an event's detail).
    const free_form = schema.properties === undefined && schema.additionalProperties !== false;
    for (const [name, item] of Object.entries(value)) {
      if (free_form) continue;
      if (!(name in properties)) problems.push(`${where}.${name}: not documented`);
      else problems.push(...schema_problems(item, properties[name], `${where}.${name}`));
    }
  }
  return problems;
}

// Exactly one of the alternatives must describe the value.
function one_of_problems(value, alternatives, where) {
  const problems = alternatives.map((alternative) => schema_problems(value, alternative, where));
  const matching = problems.filter((list) => list.length === 0).length;
  if (matching === 1) return [];
  if (matching > 1) return [`${where}: matches ${matching} of its oneOf alternatives`];
  return [`${where}: matches none of its oneOf alternatives (${problems.map((list) => list[0]).join('; ')})`];
}

/**
 * The answer's status is documented for `method` `route`, its JSON body (if
 * the response has one) matches the schema, and documented headers are there.
 */
export function assert_documented(answer, method, route) {
  const operation = document.paths[route]?.[method.toLowerCase()];
  assert.ok(operation, `${method} ${route} is not in docs/openapi.yaml`);
  const response = resolve(operation.responses[String(answer.status)]);
  assert.ok(response, `${method} ${route}: status ${answer.status} is not documented (${answer.text})`);
  const schema = response.content?.['application/json']?.schema;
  if (schema) {
    assert.ok(answer.json !== undefined, `${method} ${route} ${answer.status}: no JSON body`);
    const problems = schema_problems(answer.json, schema);
    assert.deepEqual(problems, [], `${method} ${route} ${answer.status}: ${answer.text}`);
  } else {
    assert.equal(answer.text, '', `${method} ${route} ${answer.status}: no body documented`);
  }
  for (const header of Object.keys(response.headers ?? {})) {
    if (header.toLowerCase() === 'set-cookie') continue;  // checked by the tests on cookies
    assert.ok(answer.headers[header.toLowerCase()] !== undefined, `${method} ${route} ${answer.status}: no ${header} header`);
  }
}
