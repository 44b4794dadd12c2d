// The page's wasm core, loaded once however many modules ask for it.
// Resolves to core_api.js's wrapped core, or to null when it cannot be
// loaded: the page then goes on in its markup's English texts and says that
// Twofold cannot be reached where the core was needed.
import { load_core } from './core_api.js';

let loading = null;

export function page_core() {
  loading ??= load_core().catch(() => null);
  return loading;
}
