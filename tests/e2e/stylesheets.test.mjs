// The stylesheets' rules, read from www/css: app.css names the cascade
// layers and imports one file per layer; only the tokens layer writes
// colours, lengths, radii, font sizes and shadows, and every custom property
// the other layers read is defined there. (The pages' look itself is
// checked in the browser by the other tests: layout at 320 px, focus rings,
// tables as cards on a phone.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const folder = new URL('../../www/css/', import.meta.url);
const layers = ['tokens', 'base', 'auth', 'console'];

function source(name) {
  return readFileSync(new URL(name, folder), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
}

// [property, value] of every declaration outside @media conditions, @layer and @import.
function declarations(css) {
  return [...css.matchAll(/([-\w]+)\s*:\s*([^;{}]+);/g)].map(([, property, value]) => [property, value.trim()]);
}

const colour = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(?:white|black|red|green|blue|gray|grey|silver)\b/i;
const length = /(?<![\w-])-?(?:\d*\.)?\d+(?:px|rem|em|ch|ex|pt|pc|cm|mm|in|q)\b/i;

test('app.css declares the layers in order and imports one file per layer, and nothing else is served', () => {
  const app = source('app.css');
  assert.match(app, new RegExp(`@layer ${layers.join(', ')};`));
  const imports = [...app.matchAll(/@import url\("\/css\/(\w+)\.css"\) layer\((\w+)\);/g)].map(([, file, layer]) => [file, layer]);
  assert.deepEqual(imports, layers.map((layer) => [layer, layer]));
  const files = readdirSync(folder).filter((name) => name.endsWith('.css')).sort();
  assert.deepEqual(files, ['app.css', ...layers.map((layer) => `${layer}.css`)].sort());
});

test('only the tokens layer writes colours and lengths, and defines custom properties', () => {
  const defined = new Set(declarations(source('tokens.css')).map(([property]) => property).filter((name) => name.startsWith('--')));
  assert.ok(defined.size > 50, `tokens.css defines the palette and scales (${defined.size} properties)`);
  for (const layer of layers.filter((name) => name !== 'tokens')) {
    const css = source(`${layer}.css`);
    for (const [property, value] of declarations(css)) {
      const where = `${layer}.css: ${property}: ${value}`;
      assert.ok(!property.startsWith('--'), `${where} (custom properties belong in tokens.css)`);
      assert.doesNotMatch(value, colour, `${where} (a colour belongs in tokens.css)`);
      assert.doesNotMatch(value, length, `${where} (a length belongs in tokens.css)`);
    }
    for (const [, name] of css.matchAll(/var\((--[-\w]+)/g)) {
      assert.ok(defined.has(name), `${layer}.css reads ${name}, which tokens.css does not define`);
    }
  }
});

test('every custom property tokens.css defines is read somewhere: no unused or one-off tokens', () => {
  const defined = declarations(source('tokens.css')).map(([property]) => property).filter((name) => name.startsWith('--'));
  const read = new Set();
  for (const layer of layers) {
    for (const [, name] of source(`${layer}.css`).matchAll(/var\((--[-\w]+)/g)) read.add(name);
  }
  assert.deepEqual(defined.filter((name) => !read.has(name)), []);
});
