// Security settings > where the account is used, three sections of one
// shape (a list of items, each with its facts and one action):
//   Where you're signed in  GET /api/me/sessions: every live session; Sign
//                           out one (DELETE /api/me/sessions/{id}) or all
//                           the others (POST .../sign-out-others)
//   Your devices            GET /api/me/devices: Block / Unblock
//   Your locations          GET /api/me/locations: Block / Unblock
// Blocking ends sessions and signing out changes the list, so a change
// reloads all three (and the caller's own views, `on_change`). The server
// has the last word: a refusal (this session, this device, this place)
// shows its own message.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert } from './dom.js';
import { action_name } from './person_actions.js';
import { device_name, place_name } from './client_names.js';
import { time_element } from './time_format.js';

// The sections: what each lists and how an item reads.
const kinds = {
  sessions: {
    path: '/api/me/sessions',
    items: (body) => body?.sessions,
    name: (session) => device_name(session.device),
    current_key: 'security.this_session',
    facts: (session) => [
      ['security.place', place_name(session.location)],
      ['audit.column_ip', session.ip],
      ['security.last_access', time_element(session.last_seen_at, { relative: true })],
    ],
    // Two sessions of one browser differ by their place.
    target: (session) => `${device_name(session.device)} · ${place_name(session.location)}`,
  },
  devices: {
    path: '/api/me/devices',
    items: (body) => body?.devices,
    name: (device) => device_name(device.name),
    current_key: 'security.this_device',
    facts: (device) => origin_facts(device),
    target: (device) => device_name(device.name),
  },
  locations: {
    path: '/api/me/locations',
    items: (body) => body?.locations,
    name: (location) => place_name(location.place),
    current_key: 'security.this_location',
    facts: (location) => origin_facts(location),
    target: (location) => place_name(location.place),
  },
};

function origin_facts(origin) {
  return [
    ['security.first_seen', time_element(origin.first_seen_at, { relative: true })],
    ['security.last_seen', time_element(origin.last_seen_at, { relative: true })],
    ['security.last_ip', origin.last_ip],
  ];
}

// `on_change()` is called after every change the server accepted.
// Returns {show(available) -> Promise (loads and shows the three sections;
// not `available` while 2FA must be set up first: they stay hidden),
// render() (again, in a new language or time zone)}.
export function create_origin_panels({ on_change }) {
  const panels = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, {
    kind,
    section: by_id(kind),
    list: by_id(`${kind}-list`),
    alert: by_id(`${kind}-alert`),
    status: by_id(`${kind}-status`),
    items: null,          // the last answer's items
    status_text: null,    // () => the status line, kept for a new language
  }]));
  const others_button = by_id('sign-out-others');
  const only_this = by_id('sessions-only');
  let busy = false;

  others_button.addEventListener('click', () => act(panels.sessions, others_button, async () => {
    const answer = await request('POST', '/api/me/sessions/sign-out-others');
    if (!answer.ok) return answer;
    const count = Number(answer.body?.ended ?? 0);
    return { ...answer, status_text: () => text('security.signed_out_others', { count }) };
  }));

  async function show(available) {
    if (!available) {
      for (const panel of Object.values(panels)) panel.section.hidden = true;
      return;
    }
    await Promise.all(Object.values(panels).map(load));
  }

  async function load(panel) {
    const kind = kinds[panel.kind];
    const answer = await request('GET', kind.path, { expect: (body) => Array.isArray(kind.items(body)) });
    if (!answer.ok) {
      panel.items = null;
      show_alert(panel.alert, answer.message);
      panel.section.hidden = false;
      render_panel(panel);
      return;
    }
    panel.items = kind.items(answer.body);
    panel.section.hidden = false;
    render_panel(panel);
  }

  function render() {
    for (const panel of Object.values(panels)) {
      render_panel(panel);
      panel.status.textContent = panel.status_text ? panel.status_text() : '';
    }
  }

  function render_panel(panel) {
    const items = panel.items ?? [];
    panel.list.replaceChildren(...items.map((item) => item_element(panel, item)));
    if (panel.kind !== 'sessions') {
      by_id(`${panel.kind}-none`).hidden = panel.items === null || items.length > 0;
      return;
    }
    const others = items.some((session) => !session.current);
    others_button.hidden = !others;
    only_this.hidden = panel.items === null || others;
  }

  function item_element(panel, item) {
    const kind = kinds[panel.kind];
    const badges = [
      item.current && element('span', { class: 'status-badge active', text: text(kind.current_key) }),
      item.blocked && element('span', { class: 'status-badge locked', text: text('security.blocked') }),
    ];
    return element('li', { class: 'origin', data: { id: item.id } }, [
      element('div', { class: 'origin-text' }, [
        element('p', { class: 'origin-name' }, [element('span', { text: kind.name(item) }), ...badges]),
        element('dl', { class: 'origin-facts' }, kind.facts(item).map(([label_key, value]) =>
          element('div', {}, [element('dt', { text: text(label_key) }), element('dd', {}, value)]))),
      ]),
      element('div', { class: 'origin-actions' }, action_button(panel, item)),
    ]);
  }

  // Sessions: Sign out (not this one: the header's Sign out does that).
  // Devices and locations: Block or Unblock (this one too: the server says
  // why it refuses).
  function action_button(panel, item) {
    const target = kinds[panel.kind].target(item);
    if (panel.kind === 'sessions') {
      if (item.current) return null;
      return button('security.sign_out_session', target, 'sign-out', (pressed) => act(panel, pressed, async () => {
        const answer = await request('DELETE', `/api/me/sessions/${encodeURIComponent(item.id)}`);
        return { ...answer, status_text: () => text('security.signed_out_one', { name: target }) };
      }));
    }
    const unblock = item.blocked === true;
    return button(unblock ? 'security.unblock' : 'security.block', target, unblock ? 'unblock' : 'block', (pressed) =>
      act(panel, pressed, async () => {
        const answer = await request('POST',
          `${kinds[panel.kind].path}/${encodeURIComponent(item.id)}/${unblock ? 'unblock' : 'block'}`);
        const name = answer.ok ? kinds[panel.kind].target(answer.body) : target;
        return { ...answer, status_text: () => text(unblock ? 'security.now_unblocked' : 'security.now_blocked', { name }) };
      }));
  }

  function button(label_key, target, action, on_click) {
    const label = text(label_key);
    return element('button', {
      type: 'button',
      class: 'button secondary',
      text: label,
      data: { action },
      attrs: { 'aria-label': action_name(label, target) },
      on: { click: (event) => on_click(event.currentTarget) },
    });
  }

  // Runs one change at a time: `change()` resolves to api.js's answer with
  // status_text, the line to show when it was accepted.
  async function act(panel, pressed, change) {
    if (busy) return;
    busy = true;
    pressed.disabled = true;
    for (const other of Object.values(panels)) {
      show_alert(other.alert, '');
      other.status_text = null;
      other.status.textContent = '';
    }
    const row_id = pressed.closest('li')?.dataset.id;
    try {
      const answer = await change();
      if (!answer.ok) {
        pressed.disabled = false;
        show_alert(panel.alert, answer.message);
        return;
      }
      await Promise.all(Object.values(panels).map(load));
      panel.status_text = answer.status_text;
      panel.status.textContent = answer.status_text();
      restore_focus(panel, row_id);
      await on_change?.();
    } finally {
      busy = false;
    }
  }

  // The pressed button went with its list: the same row's new button (Block
  // became Unblock) takes the focus, else the section's heading.
  function restore_focus(panel, row_id) {
    const row = [...panel.list.children].find((item) => item.dataset.id === row_id);
    const next = row?.querySelector('button');
    (next ?? by_id(`${panel.kind}-title`)).focus();
  }

  return { show, render };
}
