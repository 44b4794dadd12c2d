// The Terms of Service and Privacy Policy pages: their texts come from the
// catalog, in the language chosen on the sign-in page (and changeable here).
import { page_core } from './page_core.js';
import { setup_language_switch } from './language_switch.js';

// The footer (shared by every page before sign-in) marks the page it links to.
for (const link of document.querySelectorAll('.site-footer a')) {
  if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page');
}

// Without the core the page stays in its markup's English.
const core = await page_core();
if (core) setup_language_switch(document.getElementById('language'), core);
