/**
 * Hands a sampled module grid to jsQR in the form that costs it least.
 *
 * jsQR only takes an image, so it locates the finder patterns again in whatever it is given: it
 * scores every light-dark-light run of similar widths as a possible alignment pattern (twice),
 * and every 1:1:3:1:1 run three rows tall as a possible finder. Here each module is 5 pixels
 * wide and 1 high, and a light data module is a single light pixel (where jsQR samples the
 * module) in a dark cell. A dark run between two light pixels is then at least 4 pixels against
 * 1, outside jsQR's 1:1:1 tolerance, so the data yields no alignment candidate. Finders and the
 * bottom-right alignment pattern are drawn whole for jsQR to find. So that their edges do not
 * yield candidates either, the separator column beside each finder is a dark cell with one light
 * pixel against the finder, and the left quiet zone is dark on rows without a finder (jsQR reads
 * outside the image as light, so a row starts light-dark-light only where data makes it so).
 * jsQR samples the same pixel of every module in both drawings, so the decoded bits are those of
 * the grid; separator modules are not data, and jsQR skips them.
 */
import { LITTLE_ENDIAN, type RgbaFrame } from "./rgba-frame.ts";
import type { ModuleGrid } from "./sample-grid.ts";

/** Pixels per module across; jsQR samples column 2 of each. */
const CELL = 5;
const SAMPLED = 2;
/** Quiet modules left of the symbol, and quiet rows above it. */
const QUIET_X = 1;
const QUIET_Y = 2;

/** Draws `grid` for jsQR as described above, padded to a multiple of 8 (jsQR's binariser block). */
export function renderForJsqr(grid: ModuleGrid): RgbaFrame {
  const { size, bits } = grid;
  const width = pad8((size + 2 * QUIET_X) * CELL);
  // jsQR's binariser averages each 8-pixel block with a 5×5 block neighbourhood and reads past
  // the image (all light) when it is under five blocks tall, as versions 1 and 2 would be.
  const height = Math.max(5 * 8, pad8(size + 2 * QUIET_Y));
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const px = new Uint32Array(data.buffer);
  const dark = LITTLE_ENDIAN ? 0xff000000 : 0x000000ff;
  const light = 0xffffffff;
  const alignment = size > 21 ? size - 7 : -10;
  for (let v = 0; v < size; v++) {
    const start = (v + QUIET_Y) * width;
    const row = start + QUIET_X * CELL;
    const finderRow = v < 8 || v >= size - 8;
    if (!finderRow) px.fill(dark, start, row);
    for (let u = 0; u < size; u++) {
      const o = row + u * CELL;
      const isDark = bits[v * size + u] === 1;
      const whole =
        (u < 8 && finderRow) ||
        (u >= size - 8 && v < 8) ||
        (Math.abs(u - alignment) <= 2 && Math.abs(v - alignment) <= 2);
      if (u === 7 && (v < 7 || v >= size - 7)) {
        // Separator right of the top-left and bottom-left finders: light only against the finder.
        px.fill(dark, o, o + CELL);
        px[o] = light;
      } else if (u === size - 8 && v < 7) {
        // Separator left of the top-right finder.
        px.fill(dark, o, o + CELL);
        px[o + CELL - 1] = light;
      } else if (isDark) px.fill(dark, o, o + CELL);
      else if (!whole) {
        px.fill(dark, o, o + CELL);
        px[o + SAMPLED] = light;
      }
    }
  }
  return { data, width, height };
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** The 32 valid format words (ISO/IEC 18004 §7.9, BCH(15,5) XOR 0x5412), by their 5 data bits. */
const FORMAT_WORDS = Array.from({ length: 32 }, (_, data) => {
  let rem = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data << 10) | rem) ^ 0x5412;
});

function bitCount(n: number): number {
  let c = 0;
  for (let v = n; v !== 0; v &= v - 1) c++;
  return c;
}

/**
 * Does either copy of the format information read as a valid format word with at most 3 bit
 * errors, as a decoder requires? A wrong module count or a false finder triple fails this, so
 * jsQR is not asked to locate and decode a symbol it cannot read.
 */
export function hasFormatInfo(grid: ModuleGrid): boolean {
  const { size, bits } = grid;
  // A mirrored symbol (jsQR reads those too) has its format bits transposed.
  return (
    formatReads(size, (u, v) => bits[v * size + u] ?? 0) ||
    formatReads(size, (u, v) => bits[u * size + v] ?? 0)
  );
}

function formatReads(size: number, at: (u: number, v: number) => number): boolean {
  // Copy 1 around the top-left finder, bit 14 first; copy 2 split under the top-right and beside the bottom-left.
  let first = 0;
  for (let u = 0; u <= 8; u++) if (u !== 6) first = (first << 1) | at(u, 8);
  for (let v = 7; v >= 0; v--) if (v !== 6) first = (first << 1) | at(8, v);
  let second = 0;
  for (let v = size - 1; v >= size - 7; v--) second = (second << 1) | at(8, v);
  for (let u = size - 8; u < size; u++) second = (second << 1) | at(u, 8);
  return FORMAT_WORDS.some((w) => bitCount(w ^ first) <= 3 || bitCount(w ^ second) <= 3);
}
