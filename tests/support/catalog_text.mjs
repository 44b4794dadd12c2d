// Catalog texts as a person reads them, for tests to expect: the core's own
// message format (plurals included) through the native build's JSON door
// (twofold-core-cli), so a test expects exactly what the server and the
// pages are meant to show.
import { spawnSync } from 'node:child_process';
import { core_cli } from '../wasm/core_module.mjs';

// {language?, key | pattern, args?} -> the formatted text.
export function format_with_core(request) {
  const run = spawnSync(core_cli(), {
    input: JSON.stringify({ function: 'format_message', request }) + '\n',
    encoding: 'utf8',
  });
  const answer = JSON.parse(run.stdout);
  if (typeof answer.text !== 'string') throw new Error(`format_message refused ${JSON.stringify(request)}: ${run.stdout}`);
  return answer.text;
}
