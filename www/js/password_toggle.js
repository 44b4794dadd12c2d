// The eye inside a password field (the sign-in and bind pages): shows the
// password as plain text while it is pressed, to check a long passphrase.
// Its label stays the same; aria-pressed tells the state.
export function setup_password_toggle(input, toggle) {
  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(show));
    input.type = show ? 'text' : 'password';
  });
}
