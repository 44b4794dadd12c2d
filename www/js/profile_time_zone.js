// Security settings > Time zone: the zone the pages show times in (PUT
// /api/me/time-zone). The first choice follows this browser (saved as
// null); the others are every zone the browser knows. Saving applies it to
// the times already shown (time_format.js).
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert } from './dom.js';
import { browser_time_zone, chosen_time_zone, set_time_zone } from './time_format.js';

// `page`: the profile page's context (its `exclusive`). Returns
// {show(), render()}.
export function create_time_zone_panel(page) {
  const section = by_id('time-zone-preference');
  const select = by_id('time-zone');
  const save_button = by_id('time-zone-save');
  const alert = by_id('time-zone-alert');
  const status_text = by_id('time-zone-status');
  let saved_zone = null;  // what status_text says was saved (null: none)

  save_button.addEventListener('click', () => page.exclusive(save));

  function show() {
    fill();
    section.hidden = false;
  }

  function fill() {
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const chosen = chosen_time_zone();
    const names = chosen && !zones.includes(chosen) ? [chosen, ...zones] : zones;
    select.replaceChildren(
      element('option', { value: '', text: text('security.time_zone_browser', { zone: browser_time_zone() }) }),
      ...names.map((zone) => element('option', { value: zone, text: zone.replaceAll('_', ' ') })));
    select.value = chosen ?? '';
  }

  function render() {
    const value = select.value;
    select.options[0].textContent = text('security.time_zone_browser', { zone: browser_time_zone() });
    select.value = value;
    status_text.textContent = saved_zone === null ? '' : text('security.time_zone_saved', { zone: saved_zone });
  }

  async function save() {
    show_alert(alert, '');
    status_text.textContent = '';
    saved_zone = null;
    save_button.disabled = true;
    const answer = await request('PUT', '/api/me/time-zone', { body: { time_zone: select.value || null } });
    save_button.disabled = false;
    if (!answer.ok || !answer.body?.user) {
      show_alert(alert, answer.body?.error?.fields?.length
        ? text(answer.body.error.fields[0].message_key, { field: text('security.time_zone_label') })
        : answer.message);
      return;
    }
    set_time_zone(answer.body.user.time_zone ?? null);
    saved_zone = answer.body.user.time_zone ?? browser_time_zone();
    status_text.textContent = text('security.time_zone_saved', { zone: saved_zone });
  }

  return { show, render };
}
