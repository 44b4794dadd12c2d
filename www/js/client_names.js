// How the pages name where a sign-in came from, one rule for Security
// settings and the admin console: a device (the server's DeviceName, from
// the User-Agent) as "Firefox 133 on Windows 10", a place (the server's
// Place) as "Berlin, Germany", or its network when the place is unknown:
// "203.0.113.0/24 (unknown place)". The server says "Other" for what the
// User-Agent does not tell.
import { text } from './i18n.js';

const unknown = 'Other';

// {browser, browser_version, os, os_version} -> "Firefox 133 on Windows 10".
export function device_name(name) {
  const browser = known(name?.browser) ? join(name.browser, name.browser_version) : text('trusted.unknown_browser');
  const system = known(name?.os) ? join(name.os, name.os_version) : text('security.unknown_system');
  return text('mail.notice.device_name', { browser, system });
}

// {city, country, network} -> "Berlin, Germany", "Australia" or
// "203.0.113.0/24 (unknown place)".
export function place_name(place) {
  const city = place?.city ?? '';
  const country = place?.country ?? '';
  if (city && country) return text('mail.notice.city_country', { city, country });
  if (country || city) return country || city;
  return text('security.unknown_place', { network: place?.network ?? '' });
}

function known(value) {
  return typeof value === 'string' && value !== '' && value !== unknown;
}

function join(name, version) {
  return version ? `${name} ${version}` : name;
}
