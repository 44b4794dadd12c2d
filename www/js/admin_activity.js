// The admin console's sign-in chart: sign-ins and failed attempts per hour
// over the last 7 days (GET /api/admin/security/activity: 168 hours, the
// oldest first), drawn here as inline SVG, one column per hour with the
// sign-ins at the bottom and the failures stacked on them; a line and the
// date where a day begins in the reader's time zone. Its text alternative:
// the totals as the image's description, and the numbers by day in a table.
import { text } from './i18n.js';
import { request } from './api.js';
import { by_id, element, show_alert, svg_element } from './dom.js';
import { signed_in } from './console_page.js';
import { on_language_change } from './session_language.js';
import { format_date, on_time_zone_change, shown_time_zone } from './time_format.js';

// The drawing, in SVG user units (the image scales to its box).
const column = 4;       // per hour: a bar 3 wide, a gap of 1
const bar = 3;
const plot_top = 6;
const plot_bottom = 150;
const label_y = 168;
const height = 176;
const label_size = 11;
const label_room = 12;  // hours a date needs to its right

const section = by_id('activity');
const alert = by_id('activity-alert');
let hours = null;  // the last answer's hours

start();

async function start() {
  const signed = await signed_in;
  if (!signed || signed.user.role !== 'admin') return;
  section.hidden = false;
  const answer = await request('GET', '/api/admin/security/activity', { expect: (body) => Array.isArray(body?.hours) });
  if (!answer.ok) {
    show_alert(alert, answer.message);
    return;
  }
  hours = answer.body.hours;
  render();
  on_language_change(render);
  on_time_zone_change(render);
}

function render() {
  if (!hours) return;
  const totals = {
    sign_ins: hours.reduce((sum, hour) => sum + count(hour.sign_ins), 0),
    failures: hours.reduce((sum, hour) => sum + count(hour.failures), 0),
  };
  by_id('activity-summary').textContent = text('admin.activity_summary', totals);
  by_id('activity-chart-holder').replaceChildren(chart());
  by_id('activity-rows').replaceChildren(...days().map((day) => element('tr', {}, [
    element('th', { scope: 'row', text: day.name, data: { label: text('admin.column_day') } }),
    element('td', { text: String(day.sign_ins), data: { label: text('admin.activity_sign_ins') } }),
    element('td', { text: String(day.failures), data: { label: text('admin.activity_failures') } }),
  ])));
}

function count(value) {
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function chart() {
  const width = hours.length * column;
  const highest = Math.max(1, ...hours.map((hour) => count(hour.sign_ins) + count(hour.failures)));
  const scale = (plot_bottom - plot_top) / highest;
  // A count above zero is at least one unit tall, so it never vanishes.
  const tall = (value) => (value > 0 ? Math.max(1, value * scale) : 0);
  const parts = [];
  hours.forEach((hour, index) => {
    const x = index * column;
    if (starts_day(hour.start)) {
      parts.push(svg_element('line', { class: 'day-line', x1: x, x2: x, y1: plot_top, y2: plot_bottom }));
    }
    if (starts_day(hour.start) && index + label_room <= hours.length) {
      parts.push(svg_element('text', { class: 'day-label', x: x + 2, y: label_y, 'font-size': label_size },
        format_date(new Date(hour.start), { weekday: 'short', day: 'numeric' })));
    }
    const sign_ins = tall(count(hour.sign_ins));
    const failures = tall(count(hour.failures));
    if (sign_ins > 0) {
      parts.push(svg_element('rect', { class: 'bar bar-sign-ins', x, y: plot_bottom - sign_ins, width: bar, height: sign_ins }));
    }
    if (failures > 0) {
      parts.push(svg_element('rect', {
        class: 'bar bar-failures', x, y: plot_bottom - sign_ins - failures, width: bar, height: failures,
      }));
    }
  });
  parts.push(svg_element('line', { class: 'axis', x1: 0, x2: width, y1: plot_bottom + 0.5, y2: plot_bottom + 0.5 }));
  const title = svg_element('title', { id: 'activity-chart-title' }, text('admin.activity_chart_label'));
  return svg_element('svg', {
    class: 'activity-chart',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': 'activity-chart-title activity-summary',
    focusable: 'false',
  }, [title, ...parts]);
}

// Whether an hour starting at `iso_time` is the first of a day where the reader is.
function starts_day(iso_time) {
  const hour = new Intl.DateTimeFormat('en', { hour: 'numeric', hourCycle: 'h23', timeZone: shown_time_zone() })
    .format(new Date(iso_time));
  return Number(hour) === 0;
}

// The hours by the reader's day: [{name, sign_ins, failures}], oldest first.
function days() {
  const by_day = new Map();
  for (const hour of hours) {
    const moment = new Date(hour.start);
    const key = new Intl.DateTimeFormat('en-CA', { timeZone: shown_time_zone() }).format(moment);
    if (!by_day.has(key)) {
      by_day.set(key, { name: format_date(moment, { weekday: 'long', day: 'numeric', month: 'long' }), sign_ins: 0, failures: 0 });
    }
    const day = by_day.get(key);
    day.sign_ins += count(hour.sign_ins);
    day.failures += count(hour.failures);
  }
  return [...by_day.values()];
}
