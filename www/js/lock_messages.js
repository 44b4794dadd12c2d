// The texts of a refused code and of a locked account, composed from the
// catalog in the page's language (the server may answer a sign-in of a
// locked account in the account's own language, which need not be the
// page's). Five wrong codes lock an account: the refusals of the 3rd and
// 4th warn with the attempts left.
import { text } from './i18n.js';

export function is_lock(error) {
  return error?.code === 'account_locked' || error?.code === 'account_locked_timed';
}

// `error` is the body's error of a 403 account_locked or account_locked_timed
// (with `seconds` until the lock ends).
export function lock_message(error) {
  if (error.code === 'account_locked') return text('error.account_locked');
  const minutes = Math.max(1, Math.ceil((Number(error.seconds) || 0) / 60));
  return text('error.account_locked_timed', { minutes });
}

// A 401 code_rejected with `attempts_left` wrong codes still allowed.
export function code_rejected_message(attempts_left) {
  const warns = attempts_left === 1 || attempts_left === 2;
  const warning = warns ? ` ${text('error.lock_warning', { count: attempts_left })}` : '';
  return text('error.code_rejected') + warning;
}
