// Every text a person reads comes from the core's message catalog. Elements
// name their text with data-i18n="key"; data-i18n-label="key" names an
// accessible label (aria-label and tooltip) instead. <body data-title-key>
// names the page title.
const storage_key = 'twofold.language';

// The markup is written in English; its texts serve, placeholders as written,
// until a catalog from the core is applied, and stay if the core cannot be
// loaded at all.
const markup_texts = texts_in_markup();
// The applied catalog (core_api.js catalog()), whose format() fills texts.
let applied_catalog = null;

function texts_in_markup() {
  const texts = {};
  for (const element of document.querySelectorAll('[data-i18n]')) {
    texts[element.dataset.i18n] = element.textContent;
  }
  return texts;
}

// The text for `key` with its values and plurals filled from `params` by the
// core, once a catalog was applied.
export function text(key, params = {}) {
  return applied_catalog ? applied_catalog.format(key, params) : markup_texts[key] ?? key;
}

// Shows the whole page in the catalog's language ({language, messages,
// format} as the core's catalog() returns it).
export function apply_catalog(catalog) {
  applied_catalog = catalog;
  document.documentElement.lang = catalog.language;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = text(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    const label = text(element.dataset.i18nLabel);
    element.setAttribute('aria-label', label);
    element.title = label;
  }
  const title_key = document.body.dataset.titleKey;
  if (title_key) document.title = `${text(title_key)} – ${text('app.name')}`;
}

export function current_language() {
  return document.documentElement.lang;
}

// The language to show before sign-in: the one chosen earlier on this
// browser, else the browser's preference, else the core's default.
// `supported` is the core's languages() answer.
export function preferred_language(supported) {
  const tags = supported.languages.map((language) => language.tag);
  const wishes = [stored_language(), ...navigator.languages].filter(Boolean);
  for (const wish of wishes) {
    const match = best_match(tags, wish);
    if (match) return match;
  }
  return supported.default;
}

// Exact tag first (case-insensitive), then the same primary language ("zh-SG" -> "zh-CN").
function best_match(tags, wish) {
  const lower = wish.toLowerCase();
  const primary = lower.split('-')[0];
  return tags.find((tag) => tag.toLowerCase() === lower) ??
         tags.find((tag) => tag.toLowerCase().split('-')[0] === primary);
}

// Storage may be switched off (private modes, blocked cookies): the choice
// then lasts for this page only.
function stored_language() {
  try {
    return localStorage.getItem(storage_key);
  } catch {
    return null;
  }
}

export function remember_language(tag) {
  try {
    localStorage.setItem(storage_key, tag);
  } catch {
    // Nothing to keep it in; the page still shows the chosen language.
  }
}
