// Times on the signed-in pages, one rule for every page: shown in the
// user's time zone (GET /api/me's user.time_zone; null: this browser's),
// in the page's language, either exact ("22 Nov 2026, 09:14:03 CET") or
// relative ("5 minutes ago", the catalog's plurals) with the exact time in
// a tooltip that the mouse, the keyboard (the time takes the focus) and
// screen readers (aria-describedby) all reach, and Escape hides.
import { current_language, text } from './i18n.js';
import { element } from './dom.js';

let chosen_zone = null;  // an IANA name, or null for the browser's
const renderers = [];
let tooltips = 0;        // ids of the tooltips on this page

// `zone`: an IANA time zone name, or null/undefined for the browser's. A
// name this browser does not know counts as null.
export function set_time_zone(zone) {
  chosen_zone = is_time_zone(zone) ? zone : null;
  for (const render of renderers) render();
}

// `render()` writes again, in the new time zone, what a script wrote.
export function on_time_zone_change(render) {
  renderers.push(render);
}

export function chosen_time_zone() {
  return chosen_zone;
}

export function browser_time_zone() {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// The zone times are shown in.
export function shown_time_zone() {
  return chosen_zone ?? browser_time_zone();
}

export function is_time_zone(zone) {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// "22 Nov 2026, 09:14:03 CET"; the text as recorded when it is no time.
export function exact_time(iso_time) {
  const moment = new Date(iso_time);
  if (Number.isNaN(moment.getTime())) return String(iso_time);
  return new Intl.DateTimeFormat(current_language(), {
    dateStyle: 'medium', timeStyle: 'long', timeZone: shown_time_zone(),
  }).format(moment);
}

// "Mon 23 Nov" in the shown zone; `options` add to or replace the format's.
export function format_date(moment, options = { weekday: 'short', day: 'numeric', month: 'short' }) {
  return new Intl.DateTimeFormat(current_language(), { ...options, timeZone: shown_time_zone() }).format(moment);
}

// "just now", "5 minutes ago", "3 hours ago", "2 days ago"; a time more than
// 30 days ago (or not a time) as exact_time. A time a little ahead of this
// browser's clock is "just now".
export function relative_time(iso_time, now = Date.now()) {
  const moment = new Date(iso_time).getTime();
  if (Number.isNaN(moment)) return String(iso_time);
  const minutes = Math.floor((now - moment) / 60_000);
  if (minutes < 1) return text('time.just_now');
  if (minutes < 60) return text('time.minutes_ago', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return text('time.hours_ago', { count: hours });
  const days = Math.floor(hours / 24);
  if (days <= 30) return text('time.days_ago', { count: days });
  return exact_time(iso_time);
}

// A <time> showing `iso_time`: exact, or with `relative` as relative_time
// with the exact time in its tooltip.
export function time_element(iso_time, { relative = false } = {}) {
  if (!relative) return element('time', { dateTime: iso_time, text: exact_time(iso_time) });
  tooltips += 1;
  const tip_id = `time-tip-${tooltips}`;
  const holder = element('span', { class: 'time-tip' });
  const time = element('time', {
    dateTime: iso_time,
    text: relative_time(iso_time),
    tabIndex: 0,
    attrs: { 'aria-describedby': tip_id },
    on: {
      keydown: (event) => {
        if (event.key === 'Escape') holder.classList.add('dismissed');
      },
      blur: () => holder.classList.remove('dismissed'),
    },
  });
  holder.addEventListener('mouseleave', () => holder.classList.remove('dismissed'));
  holder.append(time, element('span', { id: tip_id, class: 'tip', attrs: { role: 'tooltip' }, text: exact_time(iso_time) }));
  return holder;
}

// The shown zone's offset from UTC at `moment` (a Date), in minutes east.
export function utc_offset_minutes(moment) {
  const name = new Intl.DateTimeFormat('en', { timeZone: shown_time_zone(), timeZoneName: 'longOffset' })
    .formatToParts(moment).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;  // "GMT": UTC itself
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
