// TOTP codes from a real peer: Debian's oathtool (RFC 6238, SHA1, 6 digits,
// 30-second steps), for secrets the server issued. A missing oathtool fails
// the test that needs it.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

export const step_seconds = 30;

// The 30-second step `unix_seconds` falls in (RFC 6238 §4.2, T0 = 0).
export function step_at(unix_seconds) {
  return Math.floor(unix_seconds / step_seconds);
}

export function current_step() {
  return step_at(Date.now() / 1000);
}

// Seconds left in the current step.
export function seconds_left_in_step() {
  const now = Date.now() / 1000;
  return (step_at(now) + 1) * step_seconds - now;
}

// oathtool's code for `step` of the base32 `secret` (no padding).
export async function oathtool_code(secret, step) {
  const {stdout} = await promisify(execFile)('oathtool', ['--totp', '-b', '-N', `@${step * step_seconds}`, secret]);
  const code = stdout.trim();
  if (!/^[0-9]{6}$/.test(code)) throw new Error(`oathtool printed ${JSON.stringify(stdout)}`);
  return code;
}

// Six digits that are the code of none of `steps` (so a test knows it is wrong).
export async function code_of_none_of(secret, steps) {
  const taken = new Set(await Promise.all(steps.map((step) => oathtool_code(secret, step))));
  for (let n = 0; ; ++n) {
    const candidate = String(n).padStart(6, '0');
    if (!taken.has(candidate)) return candidate;
  }
}
