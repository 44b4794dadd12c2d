// Security settings > Single sign-on: each provider the company offers
// (GET /api/me/sso), with the external account connected to this user
// (its name and address, since when) and Disconnect, or Connect.
// Connect sends the browser to the provider (POST /api/me/sso/connect),
// which sends it back to /sso/callback and on to this page with
// ?sso=connected or ?sso_error=...: the panel says how it went. Disconnect
// asks for a confirmation, and for the password when the server wants a
// recent sign-in (DELETE /api/me/sso answers 403 step_up_required).
import { current_language, text } from './i18n.js';
import { request, web_address } from './api.js';
import { by_id, element } from './dom.js';
import { action_name } from './person_actions.js';

// What the callback's ?sso_error= says on this page; any other value gets
// the generic failure.
const error_keys = { failed: 'error.sso_failed', already_linked: 'error.sso_already_linked' };

// `page`: the profile page's context (profile_page.js). `confirm`: the
// confirmation dialog (profile_confirm_dialog.js).
// Returns {show({available}) (loads and shows the providers; not
// `available` while 2FA must be set up first: the section stays hidden),
// render() (again, in the page's language)}.
export function create_sso_panel(page, { confirm }) {
  const section = by_id('sso');
  const list = by_id('sso-list');
  const alert = by_id('sso-alert');
  const status_text = by_id('sso-status');
  let providers = [];
  // What the panel says: {kind: 'status' | 'error', key, params}, or null.
  let notice = take_callback_result();
  // Back from the provider: the panel's heading takes the focus (and the
  // screen's middle), so what the notice says is what the person sees.
  let show_result = notice !== null;

  async function show({ available }) {
    if (!available) {
      section.hidden = true;
      return;
    }
    const answer = await request('GET', '/api/me/sso', { expect: (body) => Array.isArray(body?.providers) });
    if (answer.ok) {
      providers = answer.body.providers;
    } else {
      providers = [];
      notice = { kind: 'message', message: answer.message };
    }
    section.hidden = providers.length === 0 && !notice;
    render();
    if (show_result && !section.hidden) by_id('sso-title').focus();
    show_result = false;
  }

  function render() {
    list.replaceChildren(...providers.map(provider_item));
    render_notice();
  }

  // The notice alone, leaving the list (and the focus in it) as it is.
  function render_notice() {
    const said = notice?.kind === 'message' ? notice.message : notice ? text(notice.key, notice.params) : '';
    status_text.textContent = notice?.kind === 'status' ? said : '';
    alert.replaceChildren(...(notice && notice.kind !== 'status' ? [element('p', { text: said })] : []));
  }

  // A provider: its name, whom it signs in as and since when, the status
  // and the one thing to do. Buttons are named by their text, then the
  // provider's name ("Disconnect, Google").
  function provider_item(provider) {
    const connected = provider.connected;
    const label = text(connected ? 'sso.disconnect' : 'sso.connect');
    return element('li', { class: 'method', data: { provider: provider.id } }, [
      element('div', { class: 'method-text' }, [
        element('h3', { text: provider.name }),
        connected ? element('p', { class: 'hint', text: connected_text(connected) }) : null,
      ]),
      element('span', {
        class: connected ? 'status-badge active' : 'status-badge',
        text: text(connected ? 'sso.status_connected' : 'sso.status_not_connected'),
      }),
      element('div', { class: 'method-actions' }, element('button', {
        type: 'button',
        class: 'button secondary',
        text: label,
        attrs: { 'aria-label': action_name(label, provider.name) },
        on: { click: (event) => page.exclusive(() => (connected ? ask_disconnect(provider) : connect(provider, event.currentTarget))) },
      })),
    ]);
  }

  // "Ann Example (ann@example.com), since 3 Mar 2025"
  function connected_text({ name, email, linked_at: linked_at_text }) {
    const who = name && email ? text('sso.identity', { name, email }) : name || email || '';
    const linked_at = new Date(linked_at_text);
    if (Number.isNaN(linked_at.getTime())) return who;
    const date = new Intl.DateTimeFormat(current_language(), { dateStyle: 'medium' }).format(linked_at);
    return text('sso.connected_as', { who, date });
  }

  // ---- Connect ----------------------------------------------------------------

  async function connect(provider, button) {
    notice = null;
    render_notice();
    button.disabled = true;
    const answer = await request('POST', '/api/me/sso/connect', {
      body: { provider: provider.id }, expect: (body) => web_address(body?.redirect) !== null,
    });
    if (answer.ok) {
      location.assign(web_address(answer.body.redirect));
      return;
    }
    button.disabled = false;
    notice = { kind: 'message', message: answer.message };
    render_notice();
  }

  // ---- Disconnect ---------------------------------------------------------------

  function ask_disconnect(provider) {
    confirm.ask({
      title: 'sso.disconnect_title', explanation: 'sso.disconnect_text', submit: 'sso.disconnect',
      params: { provider: provider.name },
      action: () => disconnect(provider),
    });
  }

  async function disconnect(provider) {
    const answer = await request('DELETE', '/api/me/sso', { body: { provider: provider.id, ...confirm.step_up_body() } });
    if (answer.status !== 204) {
      confirm.show_refusal(answer);
      return;
    }
    confirm.close();
    await show({ available: true });
    notice = { kind: 'status', key: 'sso.disconnected', params: { provider: provider.name } };
    render();
    // The pressed button is gone with the old list: the provider's new one has the focus.
    list.querySelector(`li[data-provider="${CSS.escape(provider.id)}"] button`)?.focus();
  }

  return { show, render };
}

// The notice for this page's address after a connect (?sso=connected,
// ?sso_error=...), or null. The address is then cleaned, so that reloading
// the page does not tell it again.
function take_callback_result() {
  const params = new URLSearchParams(location.search);
  const error = params.get('sso_error');
  const connected = params.get('sso') === 'connected';
  if (error === null && !connected) return null;
  history.replaceState(null, '', location.pathname);
  if (error !== null) return { kind: 'error', key: Object.hasOwn(error_keys, error) ? error_keys[error] : error_keys.failed };
  return { kind: 'status', key: 'sso.connected' };
}
