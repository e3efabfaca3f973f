import jsqr from "jsqr";
import { type FinderTriple, findFinderCandidates, findTriples } from "./finder-patterns.ts";
import { type GrayImage, grayFromRgba, type Rect, thresholdBlocks } from "./gray-image.ts";
import { renderGrid, sampleGrids } from "./sample-grid.ts";

/** An RGBA frame as returned by canvas `getImageData()`. */
export interface RgbaFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

// jsqr ships CommonJS typed as an ES module; its export sets `.default` to itself, which works in Node and bundlers.
const jsQR = jsqr.default;
// jsqr 1.4.0 copies options into a shared default object, so every call must pass all of them.
const JSQR_OPTIONS = { inversionAttempts: "dontInvert" } as const;

/** Frames above this many pixels are searched at half resolution (2×2 average). */
const HALF_RES_ABOVE = 500_000;
/** Most finder triples tried per frame; each costs a jsQR call, the bulk of the work. */
const MAX_TRIPLES = 2;
/** The crop fallback hands jsQR about this many pixels per module. */
const CROP_MODULE_PX = 3;

/**
 * Decodes the QR code in a camera frame and returns its text, or null when there is none, it
 * cannot be read, or the frame is malformed. Pure and synchronous: runs the same in a Web Worker
 * and in Node.
 *
 * Our own locator finds finder patterns on a (downscaled) luma image, reads the module grid with
 * perspective correction, and hands jsQR a clean re-drawn symbol to decode; only if that fails
 * does jsQR get a small crop of the camera image around the best candidate.
 */
export function decodeFrame(frame: RgbaFrame): string | null {
  const { data, width, height } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 21 || height < 21) return null;
  if (data.length < width * height * 4) return null;
  const factor = width * height > HALF_RES_ABOVE ? 2 : 1;
  const gray = grayFromRgba(data, width, { x: 0, y: 0, width, height }, factor);
  // At full resolution the centre of the smallest readable finder spans 6+ rows, so every other row is enough.
  const candidates = findFinderCandidates(thresholdBlocks(gray), factor === 1 ? 2 : 1);
  const triples = findTriples(candidates, MAX_TRIPLES);
  for (const triple of triples) {
    const text = decodeSampled(frame, triple, factor);
    if (text !== null) return text;
  }
  const best = triples[0];
  return best === undefined ? null : decodeCrop(frame, best, factor);
}

function scaled(t: FinderTriple, factor: number) {
  const p = (c: { x: number; y: number }) => ({ x: c.x * factor, y: c.y * factor });
  return {
    tl: p(t.topLeft),
    tr: p(t.topRight),
    bl: p(t.bottomLeft),
    module: ((t.topLeft.module + t.topRight.module + t.bottomLeft.module) / 3) * factor,
  };
}

function decodeSampled(frame: RgbaFrame, t: FinderTriple, factor: number): string | null {
  const { tl, tr, bl, module } = scaled(t, factor);
  for (const grid of sampleGrids(frame, tl, tr, bl, module)) {
    const text = runJsqr(renderGrid(grid, 1));
    if (text !== null) return text;
  }
  return null;
}

/** Fallback: jsQR on a contrast-stretched crop around the triple, scaled to a few pixels per module. */
function decodeCrop(frame: RgbaFrame, t: FinderTriple, factor: number): string | null {
  const { tl, tr, bl, module } = scaled(t, factor);
  const br = { x: tr.x + bl.x - tl.x, y: tr.y + bl.y - tl.y };
  const side = Math.max(Math.hypot(tr.x - tl.x, tr.y - tl.y), Math.hypot(bl.x - tl.x, bl.y - tl.y));
  const margin = 6 * module + 0.15 * side;
  const xs = [tl.x, tr.x, bl.x, br.x];
  const ys = [tl.y, tr.y, bl.y, br.y];
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - margin));
  const x1 = Math.min(frame.width, Math.ceil(Math.max(...xs) + margin));
  const y1 = Math.min(frame.height, Math.ceil(Math.max(...ys) + margin));
  const rect: Rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const crop = grayFromRgba(frame.data, frame.width, rect, Math.max(1, Math.floor(module / CROP_MODULE_PX)));
  return runJsqr(stretchToRgba(crop));
}

/** Grey to RGBA with the darkest pixel mapped to 0 and the brightest to 255 (helps dim frames). */
function stretchToRgba(img: GrayImage): RgbaFrame {
  const { data, width, height } = img;
  let min = 255;
  let max = 0;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const gain = max > min ? 255 / (max - min) : 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, o = 0; i < data.length; i++, o += 4) {
    const v = ((data[i] ?? 0) - min) * gain;
    rgba[o] = v;
    rgba[o + 1] = v;
    rgba[o + 2] = v;
    rgba[o + 3] = 255;
  }
  return { data: rgba, width, height };
}

function runJsqr(img: RgbaFrame): string | null {
  if (img.width < 21 || img.height < 21) return null;
  const result = jsQR(img.data, img.width, img.height, JSQR_OPTIONS);
  // jsQR reports a symbol whose bytes were not valid UTF-8 as empty text: nothing usable was read.
  return result !== null && result.data !== "" ? result.data : null;
}
