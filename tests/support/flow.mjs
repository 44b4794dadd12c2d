// The sign-in flow as the API answers it (docs/openapi.yaml Flow).
import assert from 'node:assert/strict';

/**
 * A flow read back in a later request than the one that began it (a reload
 * of the code page, GET /api/session/bind after the callback): `expected`
 * ({state, expires_in, methods}), its expires_in less at most the seconds
 * passed since `began` (Date.now() before that first request): the server
 * counts whole seconds, and a second may turn in between.
 */
export function assert_flow_read_later(flow, expected, began) {
  const passed = Math.ceil((Date.now() - began) / 1000);
  assert.ok(Number.isInteger(flow?.expires_in) && flow.expires_in <= expected.expires_in &&
    flow.expires_in >= expected.expires_in - passed,
  `expires_in ${flow?.expires_in}: ${expected.expires_in} less at most the ${passed} s since the flow began`);
  assert.deepEqual(flow, {...expected, expires_in: flow.expires_in});
}
