import { LITTLE_ENDIAN, NEGATIVE_LUMA_SUM } from "./rgba-frame.ts";

/** An 8-bit single-channel image, rows top to bottom. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A rectangle in pixels of the source frame. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reads a rectangle of an RGBA frame as luma (integer BT.601 weights), averaging each
 * `factor`×`factor` block into one pixel: an area downscale, which also averages sensor noise away.
 * One pass over the pixels it covers. `negative` reads the inverted colours.
 */
export function grayFromRgba(
  data: Uint8ClampedArray,
  frameWidth: number,
  rect: Rect,
  factor: number,
  negative = false,
): GrayImage {
  const width = Math.floor(rect.width / factor);
  const height = Math.floor(rect.height / factor);
  const out = new Uint8Array(width * height);
  // One 32-bit load per pixel is much cheaper than three byte loads; needs an aligned buffer.
  if (LITTLE_ENDIAN && data.byteOffset % 4 === 0 && factor <= 2) {
    const px = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
    const sign = negative ? -1 : 1;
    if (factor === 1) lumaWords(px, frameWidth, rect, out, width, height, sign);
    else lumaWords2x2(px, frameWidth, rect, out, width, height, sign);
    return { data: out, width, height };
  }
  const area = factor * factor;
  const flip = negative ? area * NEGATIVE_LUMA_SUM : 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let s = ((rect.y + y * factor + dy) * frameWidth + rect.x + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, s += 4) {
          sum += 77 * (data[s] ?? 0) + 150 * (data[s + 1] ?? 0) + 29 * (data[s + 2] ?? 0);
        }
      }
      out[y * width + x] = ((negative ? flip - sum : sum) / area + 128) >> 8;
    }
  }
  return { data: out, width, height };
}

/** `sign` -1 reads the negative: the inverted pixel's weighted sum is NEGATIVE_LUMA_SUM minus the pixel's. */
function lumaWords(
  px: Uint32Array,
  fw: number,
  rect: Rect,
  out: Uint8Array,
  w: number,
  h: number,
  sign: number,
): void {
  const base = (sign < 0 ? NEGATIVE_LUMA_SUM : 0) + 128;
  for (let y = 0; y < h; y++) {
    let s = (rect.y + y) * fw + rect.x;
    const row = y * w;
    for (let x = 0; x < w; x++, s++) {
      const p = px[s] ?? 0;
      out[row + x] =
        (base + sign * (77 * (p & 255) + 150 * ((p >>> 8) & 255) + 29 * ((p >>> 16) & 255))) >> 8;
    }
  }
}

function lumaWords2x2(
  px: Uint32Array,
  fw: number,
  rect: Rect,
  out: Uint8Array,
  w: number,
  h: number,
  sign: number,
): void {
  const base = (sign < 0 ? 4 * NEGATIVE_LUMA_SUM : 0) + 512;
  for (let y = 0; y < h; y++) {
    let s = (rect.y + 2 * y) * fw + rect.x;
    const row = y * w;
    for (let x = 0; x < w; x++, s += 2) {
      const a = px[s] ?? 0;
      const b = px[s + 1] ?? 0;
      const c = px[s + fw] ?? 0;
      const d = px[s + fw + 1] ?? 0;
      // Red and blue summed side by side in one word (each lane stays under 1,024), green apart.
      const rb = (a & 0xff00ff) + (b & 0xff00ff) + (c & 0xff00ff) + (d & 0xff00ff);
      const g = ((a >>> 8) & 255) + ((b >>> 8) & 255) + ((c >>> 8) & 255) + ((d >>> 8) & 255);
      out[row + x] = (base + sign * (77 * (rb & 0xffff) + 150 * g + 29 * (rb >>> 16))) >> 10;
    }
  }
}

/** A grey image with a local threshold per 8×8 block: a pixel is dark when it is at or below its block's. */
export interface Thresholded extends GrayImage {
  /** Threshold of each 8×8 block, `blocksWide` per row. */
  threshold: Uint8Array;
  blocksWide: number;
}

/** Block size of the local threshold, as in ZXing's hybrid binariser. */
export const BLOCK_SHIFT = 3;
const BLOCK = 1 << BLOCK_SHIFT;
/** Below this spread a block is taken as flat, so that noise on a plain surface does not become pattern. */
const MIN_RANGE = 24;

/**
 * Computes a local threshold per 8×8 block: the mean of the 5×5 neighbourhood of block means
 * (ZXing's hybrid binariser). Flat blocks borrow from their neighbours so they read as light.
 */
export function thresholdBlocks(img: GrayImage): Thresholded {
  const { data, width, height } = img;
  const bw = Math.max(1, Math.ceil(width / BLOCK));
  const bh = Math.max(1, Math.ceil(height / BLOCK));
  const mean = new Float32Array(bw * bh);
  const sum = new Uint32Array(bw);
  const min = new Uint8Array(bw);
  const max = new Uint8Array(bw);
  for (let by = 0; by < bh; by++) {
    sum.fill(0);
    min.fill(255);
    max.fill(0);
    const y0 = by * BLOCK;
    const y1 = Math.min(height, y0 + BLOCK);
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let bx = 0, x = 0; bx < bw; bx++) {
        const end = Math.min(width, x + BLOCK);
        let s = 0;
        let lo = min[bx] ?? 255;
        let hi = max[bx] ?? 0;
        for (; x < end; x++) {
          const v = data[row + x] ?? 0;
          s += v;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        sum[bx] = (sum[bx] ?? 0) + s;
        min[bx] = lo;
        max[bx] = hi;
      }
    }
    for (let bx = 0; bx < bw; bx++) {
      const count = (y1 - y0) * (Math.min(width, (bx + 1) * BLOCK) - bx * BLOCK);
      const lo = min[bx] ?? 0;
      let m = (sum[bx] ?? 0) / count;
      if ((max[bx] ?? 0) - lo <= MIN_RANGE) {
        m = lo / 2;
        if (by > 0 && bx > 0) {
          const around =
            ((mean[(by - 1) * bw + bx] ?? 0) +
              2 * (mean[by * bw + bx - 1] ?? 0) +
              (mean[(by - 1) * bw + bx - 1] ?? 0)) /
            4;
          if (lo < around) m = around;
        }
      }
      mean[by * bw + bx] = m;
    }
  }
  const threshold = new Uint8Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    const cy = Math.min(Math.max(by, 2), Math.max(2, bh - 3));
    for (let bx = 0; bx < bw; bx++) {
      const cx = Math.min(Math.max(bx, 2), Math.max(2, bw - 3));
      let s = 0;
      let n = 0;
      for (let yy = Math.max(0, cy - 2); yy <= Math.min(bh - 1, cy + 2); yy++) {
        for (let xx = Math.max(0, cx - 2); xx <= Math.min(bw - 1, cx + 2); xx++) {
          s += mean[yy * bw + xx] ?? 0;
          n++;
        }
      }
      threshold[by * bw + bx] = s / n;
    }
  }
  return { data, width, height, threshold, blocksWide: bw };
}

/** Is pixel (x, y) dark? Outside the image counts as neither (-1). */
export function darkAt(t: Thresholded, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= t.width || y >= t.height) return -1;
  const v = t.data[y * t.width + x] ?? 0;
  return v <= (t.threshold[(y >> BLOCK_SHIFT) * t.blocksWide + (x >> BLOCK_SHIFT)] ?? 0) ? 1 : 0;
}
