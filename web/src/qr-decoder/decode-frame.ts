import jsqr from "jsqr";
import {
  type FinderCandidate,
  type FinderTriple,
  findFinderCandidates,
  findTriples,
} from "./finder-patterns.ts";
import { type GrayImage, grayFromRgba, type Rect, thresholdBlocks } from "./gray-image.ts";
import { readGrid } from "./grid-text.ts";
import { qrText } from "./qr-text.ts";
import type { RgbaFrame } from "./rgba-frame.ts";
import { sampleGrids } from "./sample-grid.ts";
import { hasFormatInfo, renderForJsqr } from "./symbol-image.ts";

// jsqr ships CommonJS typed as an ES module; its export sets `.default` to itself, which works in Node and bundlers.
const jsQR = jsqr.default;
// jsqr 1.4.0 copies options into a shared default object, so every call must pass all of them.
const JSQR_OPTIONS = { inversionAttempts: "dontInvert" } as const;

/**
 * Frames above this many pixels (640×480 and up) are searched at half resolution (2×2 average)
 * first: a quarter of the pixels to threshold and scan, and averaged sensor noise. Codes too small
 * for that are found in the full-resolution second look.
 */
const HALF_RES_ABOVE = 250_000;
/**
 * Frames up to this many pixels (640×480 and below) whose half-resolution look reads nothing get a
 * full-resolution look at the whole frame: a code at 1.5 px per module, or one whose finder
 * patterns sensor noise or a dark card break up at half size, shows only there.
 */
const WHOLE_SECOND_LOOK_MAX = 500_000;
/** Most finder triples tried per frame; each costs a jsQR call, the bulk of the work. */
const MAX_TRIPLES = 2;
/** Largest side of the full-resolution second look in a large frame. */
const MAX_REGION = 640;
/** Largest crop handed to jsQR in the fallback. */
const MAX_CROP_PIXELS = 60_000;
/** Scan lines each finder pattern of a triple must be confirmed on for "a symbol is in view". */
const SYMBOL_MIN_HITS = 3;
/** The crop fallback hands jsQR about this many pixels per module. */
const CROP_MODULE_PX = 3;
/**
 * Scan lines a finder candidate must be seen on to be more than a chance match. The sharp second
 * look goes only around such candidates, and the crop fallback runs only on a triple of them:
 * single-line matches in clutter made jsQR search big noisy crops for nothing.
 */
const CONFIRMED_HITS = 2;
/**
 * A large frame's full-resolution second look only goes around candidates at most this many frame
 * pixels per module: bigger codes were already seen sharp enough at half resolution.
 */
const SECOND_LOOK_MAX_MODULE = 6;

/** What one frame showed: the code's text, and whether a QR symbol was in view at all. */
export interface FrameScan {
  /** The QR text, or null when there is none, it cannot be read, or the frame is malformed. */
  readonly text: string | null;
  /**
   * True when the frame held a QR symbol (three finder patterns in place), read or not: a code
   * in view that keeps failing to read is a failed scan attempt; an empty counter is not.
   */
  readonly symbol: boolean;
}

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
  return scanFrame(frame).text;
}

/** decodeFrame, also telling whether a symbol was seen when none could be read. */
export function scanFrame(frame: RgbaFrame): FrameScan {
  const { data, width, height } = frame;
  const nothing: FrameScan = { text: null, symbol: false };
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 21 || height < 21) return nothing;
  if (data.length < width * height * 4) return nothing;
  const normal = scanLooks(frame);
  if (normal.text !== null || normal.symbol) return normal;
  // Nothing of a dark-on-light code in view: try the frame as its negative (a light-on-dark code).
  return scanLooks({ ...frame, negative: true }, false);
}

/**
 * The half-resolution (or, for a small frame, full-resolution) look, a second look at the other
 * scale, then jsQR on a crop around the best triple. `secondLook: false` keeps to the first look
 * and the crop, as the negative's search does.
 */
function scanLooks(frame: RgbaFrame, secondLook = true): FrameScan {
  const { width, height } = frame;
  const whole: Rect = { x: 0, y: 0, width, height };
  const large = width * height > HALF_RES_ABOVE;
  const first = scanPass(frame, whole, large ? 2 : 1);
  if (first.text !== null) return { text: first.text, symbol: true };
  const region = secondLook ? secondLookRegion(first, frame, large) : null;
  const second = region === null ? null : scanPass(frame, region, large ? 1 : 2);
  if (second !== null && second.text !== null) return { text: second.text, symbol: true };
  const triples = [...first.triples, ...(second?.triples ?? [])];
  const best = triples.find((t) => minHits(t) >= CONFIRMED_HITS);
  const text = best === undefined ? null : decodeCrop(frame, best);
  // A sharp look at a whole 640×480 frame confirms chance patterns in clutter on enough lines to
  // pass for a symbol, so only the other looks say whether a code was in view.
  const wholeSharp = large && region !== null && region.width === width && region.height === height;
  const seen = wholeSharp ? first.triples : triples;
  return { text, symbol: text !== null || seen.some(isFirmTriple) };
}

/**
 * Where the second look goes: the whole frame averaged for a small noisy one; the whole frame
 * sharp for a 640×480 one; sharp around what the first look saw in a larger one.
 */
function secondLookRegion(first: PassResult, frame: RgbaFrame, large: boolean): Rect | null {
  const whole: Rect = { x: 0, y: 0, width: frame.width, height: frame.height };
  if (!large || frame.width * frame.height <= WHOLE_SECOND_LOOK_MAX) return whole;
  return regionAround(first.candidates, frame);
}

/** Scan lines the least-confirmed finder pattern of the triple was seen on. */
function minHits(triple: FinderTriple): number {
  return Math.min(triple.topLeft.hits, triple.topRight.hits, triple.bottomLeft.hits);
}

/**
 * A triple of finder patterns each confirmed on several scan lines: a QR symbol, not the chance
 * 1:1:3:1:1 runs of keyboard keys, printed text or noise (which reach two lines at most).
 */
function isFirmTriple(triple: FinderTriple): boolean {
  return minHits(triple) >= SYMBOL_MIN_HITS;
}

interface PassResult {
  text: string | null;
  /** Finder candidates and triples in frame coordinates. */
  candidates: FinderCandidate[];
  triples: FinderTriple[];
}

/** Finds finder patterns in `rect` at 1/`factor` resolution and tries to read the best triples. */
function scanPass(frame: RgbaFrame, rect: Rect, factor: number): PassResult {
  const gray = grayFromRgba(frame.data, frame.width, rect, factor, frame.negative);
  if (gray.width < 21 || gray.height < 21) return { text: null, candidates: [], triples: [] };
  // At full resolution the centre of the smallest readable finder spans 6+ rows, so every other row is enough.
  const found = findFinderCandidates(thresholdBlocks(gray), factor === 1 ? 2 : 1);
  const candidates = found.map((c) => ({
    x: rect.x + c.x * factor,
    y: rect.y + c.y * factor,
    module: c.module * factor,
    hits: c.hits,
  }));
  const triples = findTriples(candidates, MAX_TRIPLES);
  for (const triple of triples) {
    const text = decodeSampled(frame, triple);
    if (text !== null) return { text, candidates, triples };
  }
  return { text: null, candidates, triples };
}

/**
 * The part of the frame where a code around the firmest small candidates (confirmed, at most
 * SECOND_LOOK_MAX_MODULE pixels per module) could lie, at most MAX_REGION wide.
 */
function regionAround(candidates: readonly FinderCandidate[], frame: RgbaFrame): Rect | null {
  const firm = candidates
    .filter((c) => c.hits >= CONFIRMED_HITS && c.module <= SECOND_LOOK_MAX_MODULE)
    .slice(0, 3);
  if (firm.length === 0) return null;
  const module = Math.max(...firm.map((c) => c.module));
  // A CCCD code is about 45-57 modules wide; the region must hold it whichever corner was seen.
  const reach = (firm.length >= 2 ? 12 : 50) * module;
  const x0 = Math.max(0, Math.floor(Math.min(...firm.map((c) => c.x)) - reach));
  const y0 = Math.max(0, Math.floor(Math.min(...firm.map((c) => c.y)) - reach));
  const x1 = Math.min(frame.width, Math.ceil(Math.max(...firm.map((c) => c.x)) + reach));
  const y1 = Math.min(frame.height, Math.ceil(Math.max(...firm.map((c) => c.y)) + reach));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const w = Math.min(x1 - x0, MAX_REGION);
  const h = Math.min(y1 - y0, MAX_REGION);
  return {
    x: Math.max(0, Math.round(cx - w / 2)),
    y: Math.max(0, Math.round(cy - h / 2)),
    width: w,
    height: h,
  };
}

function corners(t: FinderTriple) {
  return {
    tl: t.topLeft,
    tr: t.topRight,
    bl: t.bottomLeft,
    module: (t.topLeft.module + t.topRight.module + t.bottomLeft.module) / 3,
  };
}

function decodeSampled(frame: RgbaFrame, t: FinderTriple): string | null {
  const { tl, tr, bl, module } = corners(t);
  for (const grid of sampleGrids(frame, tl, tr, bl, module)) {
    if (!hasFormatInfo(grid)) continue;
    // The grid is read directly; only a Kanji segment is left to jsQR, on the symbol redrawn.
    const read = readGrid(grid);
    const text =
      read === "kanji" ? runJsqr(renderForJsqr(grid)) : read === null ? null : qrText({ chunks: read });
    if (text !== null) return text;
  }
  return null;
}

/** Fallback: jsQR on a contrast-stretched crop around the triple, scaled to a few pixels per module. */
function decodeCrop(frame: RgbaFrame, t: FinderTriple): string | null {
  const { tl, tr, bl, module } = corners(t);
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
  // Bound jsQR's work: it costs about 0.1 µs per pixel, and far more on noise.
  const cap = Math.ceil(Math.sqrt((rect.width * rect.height) / MAX_CROP_PIXELS));
  const crop = grayFromRgba(
    frame.data,
    frame.width,
    rect,
    Math.max(1, Math.floor(module / CROP_MODULE_PX), cap),
    frame.negative,
  );
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
  return result === null ? null : qrText(result);
}
