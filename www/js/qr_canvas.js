// Draws a QR Code from the wasm core's encoder on a <canvas>: dark modules
// in black on white, with the four-module quiet zone ISO/IEC 18004 §9.1
// requires around the symbol. Sizes go in the canvas's attributes (the CSP
// forbids inline styles), whole pixels per module so every edge is sharp.

const quiet_zone_modules = 4;

// `symbol` is the core's qr_encode answer ({size, modules: ['0101...', ...]}).
export function draw_qr(canvas, symbol, { module_pixels = 6 } = {}) {
  const side = (symbol.size + 2 * quiet_zone_modules) * module_pixels;
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, side, side);
  context.fillStyle = '#000000';
  symbol.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; ++x) {
      if (row[x] !== '1') continue;
      context.fillRect((x + quiet_zone_modules) * module_pixels, (y + quiet_zone_modules) * module_pixels,
                       module_pixels, module_pixels);
    }
  });
}
