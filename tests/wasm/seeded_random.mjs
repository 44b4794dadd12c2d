// A seedable random source for the wasm tests, so a failing case can be
// replayed from its seed.

// mulberry32: small, seedable, good enough to spread inputs around.
function mulberry32(initial) {
  let state = initial >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// { random() in [0, 1), below(n) in [0, n), pick(items) }
export function seeded_random(seed) {
  const random = mulberry32(seed);
  const below = (n) => Math.floor(random() * n);
  return { random, below, pick: (items) => items[below(items.length)] };
}
