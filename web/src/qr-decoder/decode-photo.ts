import { decodeFrame } from "./decode-frame.ts";
import { findFinderCandidates, findTriples } from "./finder-patterns.ts";
import { grayFromRgba, type Rect, thresholdBlocks } from "./gray-image.ts";
import { CHANNEL_SHIFT, pixelWord, pixelWords, type RgbaFrame } from "./rgba-frame.ts";

/** Which ninth of the photo a hint is about. */
const PHOTO_PARTS = [
  "top-left",
  "top",
  "top-right",
  "left",
  "centre",
  "right",
  "bottom-left",
  "bottom",
  "bottom-right",
] as const;
export type PhotoPart = (typeof PHOTO_PARTS)[number];

/** What to change in the next photo when nothing could be read. */
export type PhotoHint =
  /** No sign of a QR code anywhere. */
  | { readonly kind: "no-code" }
  /** A code's corner marks run into the photo's edge there: part of it is outside the photo. */
  | { readonly kind: "cut-off"; readonly part: PhotoPart }
  /** The code is there but too small to read: closer, or zoom. */
  | { readonly kind: "too-small"; readonly part: PhotoPart }
  /** The code is there, large enough, and still unreadable: blur, glare or a fold. */
  | { readonly kind: "unreadable"; readonly part: PhotoPart };

export interface PhotoResult {
  readonly text: string | null;
  /** Null when the text was read. */
  readonly hint: PhotoHint | null;
  /** How many looks it took (scales, turns, tiles), for the benchmark. */
  readonly looks: number;
}

export interface PhotoOptions {
  /** Time allowed for the whole search (default PHOTO_BUDGET_MS); the first look always runs. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

/** Time a photo may take by default; the first look always runs. */
export const PHOTO_BUDGET_MS = 300;
/** Long side of the whole look (what the page draws a photo at, at most). */
const WHOLE_SIDE = 3072;
/** Long side of the turned look: a second chance for a code large enough to be seen at all. */
const TURN_SIDE = 1600;
/** Long sides of the shrunk looks, for a code that fills the photo. */
const SMALL_SIDES = [800, 400] as const;
/** Long side the hint's search reads the photo at. */
const HINT_SIDE = 2048;
/** A finder pattern's module must span this many photo pixels to be readable. */
const READABLE_MODULE_PX = 2.2;
/** The smallest module a finder pattern taken as a code's mark may have, in photo pixels. */
const MIN_MARK_MODULE_PX = 1.5;
/** Scan lines that must confirm a finder pattern, at least, and per module of its size. */
const MIN_HITS = 4;
const HITS_PER_MODULE = 2.2;

/**
 * Reads the QR code in a photo of the card (an upload or a phone's camera capture, up to 12 MP, in
 * any orientation or at an angle): a whole look, the photo turned a quarter (finder patterns are
 * searched along rows, so a turn gives their edges a second chance), then overlapping quarters at
 * full detail and the other two turns, until the code is read or the time is spent. When
 * nothing is read it says what to retake. Pure and synchronous, like decodeFrame.
 */
export function decodePhoto(photo: RgbaFrame, options: PhotoOptions = {}): PhotoResult {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + (options.budgetMs ?? PHOTO_BUDGET_MS);
  const whole: Rect = { x: 0, y: 0, width: photo.width, height: photo.height };
  // The whole photo at the size the first look reads it, shrunk once and reused by the later looks.
  let wholeLook: RgbaFrame | null = null;
  const atWholeSide = () => {
    wholeLook ??= scaled(photo, whole, WHOLE_SIDE);
    return wholeLook;
  };
  const shrunk = (side: number) => () => {
    const frame = atWholeSide();
    return scaled(frame, { x: 0, y: 0, width: frame.width, height: frame.height }, side);
  };
  // Each turned look turns the one before it a further quarter; the first turns the shrunk photo.
  let lastTurn: RgbaFrame | null = null;
  const nextTurn = () => {
    lastTurn = quarterTurn(lastTurn ?? shrunk(TURN_SIDE)());
    return lastTurn;
  };
  const looks: Array<() => RgbaFrame> = [
    // decodeFrame itself first searches at half size, then around what it saw at full detail.
    atWholeSide,
    // A code that fills the photo has modules too large for the local threshold at full size.
    ...SMALL_SIDES.map(shrunk),
    nextTurn,
    ...quarters(photo).map((rect) => () => scaled(photo, rect, WHOLE_SIDE)),
    nextTurn,
    nextTurn,
  ];
  let count = 0;
  for (const look of looks) {
    if (count > 0 && now() >= deadline) break;
    count++;
    const text = decodeFrame(look());
    if (text !== null) return { text, hint: null, looks: count };
  }
  return { text: null, hint: hintFor(photo, atWholeSide()), looks: count };
}

/** The photo's rectangle scaled down by a whole factor so its long side is at most `side`. */
function scaled(photo: RgbaFrame, rect: Rect, side: number): RgbaFrame {
  const factor = Math.max(1, Math.ceil(Math.max(rect.width, rect.height) / side));
  if (factor === 1 && rect.width === photo.width && rect.height === photo.height) return photo;
  const width = Math.floor(rect.width / factor);
  const height = Math.floor(rect.height / factor);
  const out = new Uint32Array(width * height);
  // One 32-bit load per pixel instead of three byte loads: a 12 MP photo is read once per look.
  const src = pixelWords(photo);
  if (factor === 1) {
    // A part of the photo at full detail: a copy of its rows.
    for (let y = 0; y < height; y++) {
      const from = (rect.y + y) * photo.width + rect.x;
      out.set(src.subarray(from, from + width), y * width);
    }
    return { data: new Uint8ClampedArray(out.buffer), width, height };
  }
  const { r: rs, g: gs, b: bs } = CHANNEL_SHIFT;
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let s = (rect.y + y * factor + dy) * photo.width + rect.x + x * factor;
        for (let dx = 0; dx < factor; dx++, s++) {
          const p = src[s] ?? 0;
          r += (p >>> rs) & 255;
          g += (p >>> gs) & 255;
          b += (p >>> bs) & 255;
        }
      }
      out[y * width + x] = pixelWord(r / area, g / area, b / area);
    }
  }
  return { data: new Uint8ClampedArray(out.buffer), width, height };
}

/** The frame turned 90° clockwise. */
function quarterTurn(frame: RgbaFrame): RgbaFrame {
  const { width, height } = frame;
  const src = pixelWords(frame);
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[x * height + (height - 1 - y)] = src[y * width + x] ?? 0;
  }
  return { data: new Uint8ClampedArray(out.buffer), width: height, height: width };
}

/** Four overlapping quarters (each 60 % of each side), so a code on a seam is whole in one of them. */
function quarters(photo: RgbaFrame): Rect[] {
  const width = Math.round(photo.width * 0.6);
  const height = Math.round(photo.height * 0.6);
  return [
    { x: 0, y: 0 },
    { x: photo.width - width, y: 0 },
    { x: 0, y: photo.height - height },
    { x: photo.width - width, y: photo.height - height },
  ].map((corner) => ({ ...corner, width, height }));
}

function partOf(x: number, y: number, photo: RgbaFrame): PhotoPart {
  const column = Math.min(2, Math.floor((3 * x) / photo.width));
  const row = Math.min(2, Math.floor((3 * y) / photo.height));
  return PHOTO_PARTS[row * 3 + column] ?? "centre";
}

/**
 * Why nothing was read, from the finder patterns seen in the photo; `seen` is the photo as the
 * first look read it (the same picture, perhaps shrunk), so the photo is not read again.
 */
function hintFor(photo: RgbaFrame, seen: RgbaFrame): PhotoHint {
  const factor = Math.max(1, Math.ceil(Math.max(seen.width, seen.height) / HINT_SIDE));
  const whole: Rect = { x: 0, y: 0, width: seen.width, height: seen.height };
  const found = findFinderCandidates(thresholdBlocks(grayFromRgba(seen.data, seen.width, whole, factor)), 1);
  // Sizes and places in the photo's own pixels.
  const toPhoto = factor * (photo.width / seen.width);
  // Clutter and print make lookalikes confirmed by a few lines; a real mark is crossed by a line
  // through every row of its 3-module centre, so its hits grow with its module size.
  const candidates = found
    .filter(
      (c) =>
        c.hits >= MIN_HITS &&
        c.hits >= HITS_PER_MODULE * c.module &&
        c.module * toPhoto >= MIN_MARK_MODULE_PX,
    )
    .map((c) => ({ ...c, x: c.x * toPhoto, y: c.y * toPhoto, module: c.module * toPhoto }));
  // Three marks in a QR's shape: the code is in the photo, whole.
  const triple = findTriples(candidates, 1)[0];
  if (triple !== undefined) {
    const marks = [triple.topLeft, triple.topRight, triple.bottomLeft];
    // The code's centre lies midway between the two marks that face each other across it.
    const part = partOf(
      (triple.topRight.x + triple.bottomLeft.x) / 2,
      (triple.topRight.y + triple.bottomLeft.y) / 2,
      photo,
    );
    const module = marks.reduce((sum, c) => sum + c.module, 0) / 3;
    return module < READABLE_MODULE_PX ? { kind: "too-small", part } : { kind: "unreadable", part };
  }
  // A firm mark near the edge without its partners: the rest of the code is outside the photo.
  const edge = candidates.find((c) => {
    // A code is up to ~57 modules wide: its other marks would lie within that of this one.
    const reach = 30 * c.module;
    const near = c.x < reach || c.y < reach || photo.width - c.x < reach || photo.height - c.y < reach;
    return near;
  });
  return edge === undefined ? { kind: "no-code" } : { kind: "cut-off", part: partOf(edge.x, edge.y, photo) };
}
