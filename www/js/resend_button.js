// The "Resend" button of an email code: disabled while the core's resend
// countdown runs, with the seconds left in its label ("Resend (59 s)").
// The core holds the rule (shared/include/twofold/otp/resend_countdown.hpp)
// and the server enforces the same one; this only asks the core once a
// second, with the browser's clock.
import { text } from './i18n.js';

const tick_ms = 1000;

function now_seconds() {
  return Math.floor(Date.now() / 1000);
}

// `button` shows verify.resend / verify.resend_wait; `core` is load_core()'s.
export function create_resend_button(button, core) {
  let last_sent = null;  // unix seconds of the last code, as the countdown needs it
  let timer = null;

  // The interval the core enforces: the wait right after a send.
  const interval = core.resend_countdown({ last_sent: 0, now: 0 }).seconds_left;

  // The server says how long until a resend is allowed (`resend_in`, or
  // `seconds` in a 429); that is the same as a code sent interval - seconds ago.
  function wait(seconds) {
    last_sent = now_seconds() - (interval - seconds);
    if (timer === null) timer = setInterval(render, tick_ms);
    render();
  }

  function render() {
    const state = core.resend_countdown({ last_sent, now: now_seconds() });
    button.disabled = !state.can_resend;
    button.textContent = state.can_resend
      ? text('verify.resend')
      : text('verify.resend_wait', { seconds: state.seconds_left });
    if (state.can_resend) stop();
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  return { wait, render, stop };
}
