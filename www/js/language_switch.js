// The language menu of the pages shown before sign-in: lists the core's
// languages by their own names, shows the preferred one, and on change
// translates the page and remembers the choice on this browser.
import { apply_catalog, preferred_language, remember_language } from './i18n.js';
import { element } from './dom.js';

// `on_change` runs after the page has been translated, for texts the page
// renders itself (such as error messages).
export function setup_language_switch(select, core, on_change = () => {}) {
  const supported = core.languages();
  select.replaceChildren(...language_options(supported));
  select.value = preferred_language(supported);
  apply_catalog(core.catalog(select.value));
  // Hidden in the markup: without the core it could change nothing.
  select.closest('.language-switch').hidden = false;

  select.addEventListener('change', () => {
    remember_language(select.value);
    apply_catalog(core.catalog(select.value));
    on_change();
  });
}

// <option>s for the core's languages() answer, each named in its own language.
export function language_options(supported) {
  return supported.languages.map(({ tag, native_name }) =>
    element('option', { value: tag, lang: tag, text: native_name }));
}
