// Restart to the first /healthz answer: Twofold on the data folder the run
// filled (its sessions, accounts and pending sign-ins), against the anchor.
// Timed from spawn() to the first 200, asking again at once after each
// refused connection (processes.mjs).
import {median, fixed, rounds_of, table} from './figures.mjs';
import {interleaved} from './http_scenarios.mjs';
import {start_anchor, start_twofold} from './processes.mjs';

export async function restart(run) {
  await run.stop_twofold();
  const port = Number(new URL(run.twofold_url).port);
  const twofold = async () => {
    const server = await start_twofold({data_dir: run.data_dir, www_dir: run.www_dir, port, stderr_file: run.stderr_file});
    await server.stop();
    return server.started_ms;
  };
  const anchor = async () => {
    const server = await start_anchor({port, file: run.static_file});
    await server.stop();
    return server.started_ms;
  };
  const results = await interleaved(run.restart_rounds, twofold, anchor);
  const ms = (value) => `${fixed(value, 1)} ms`;
  return [
    `### Restart to the first /healthz\n\nSIGTERM, then a new process on the same data folder; ${run.restart_rounds}`
    + ' rounds, Twofold then the anchor.\n',
    table([{figure: 'restart to first `/healthz`', twofold: ms(median(results.twofold)), anchor: ms(median(results.anchor)),
            ratio: `${fixed(median(results.twofold) / median(results.anchor), 1)}×`, goal: '≤ 25 ms'}]),
    '',
    `Rounds in ms (Twofold; anchor): ${rounds_of(results.twofold, 1)}; ${rounds_of(results.anchor, 1)}.`,
  ].join('\n');
}
