// The page's wasm core, loaded once however many modules ask for it.
// Resolves to core_api.js's wrapped core, or to null when it cannot be
// loaded: the page then goes on in its markup's English texts and says that
// Twofold cannot be reached where the core was needed.
import { load_core } from './core_api.js';

let loading = null;

export function page_core() {
  loading ??= after_first_paint().then(load_core).catch(() => null);
  return loading;
}

// The core's instantiation is one long task on the main thread: begun once
// the page has painted, the form shows and takes input first (a cold
// sign-in page: 300 ms to about 190 ms, docs/PERFORMANCE.md); its file is on
// its way meanwhile (the page's preload). The task after the first animation
// frame tells it soonest; the browser's paint timing too, where frames are
// held (a test's paused clock holds them), its entry buffered should the
// page have painted already. A hidden page paints nothing: it begins at
// once, or when it is hidden.
function after_first_paint() {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new PerformanceObserver(() => done());
    const done = () => {
      observer.disconnect();
      removeEventListener('visibilitychange', done);
      resolve();
    };
    requestAnimationFrame(() => setTimeout(done));
    observer.observe({ type: 'paint', buffered: true });
    addEventListener('visibilitychange', done);
  });
}
