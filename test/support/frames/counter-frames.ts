/**
 * Webcam frames of a chip ID card at a clinic counter, drawn without the decoder's assumptions: a
 * pinhole camera and a card that may be bowed (not a flat homography), a face with a fine
 * guilloche, text, a photo and a chip around a code with a 2-module quiet zone, and what real
 * counters do to the picture, one stressed condition per category, each with its own seeded range.
 */
import { generateCccdPayloads } from "./cccd-payloads.ts";
import {
  defocus,
  jpegCompress,
  lowLightNoise,
  motionBlur,
  type Planes,
  sensorNoise,
  toRgba,
  videoCompress,
} from "./counter-degrade.ts";
import { type CounterScene, renderCounterScene } from "./counter-scene.ts";
import { createRng, type Rng } from "./prng.ts";
import type { RgbaFrame } from "./qr-frame.ts";

/** The conditions, one stressed per frame. */
const COUNTER_CATEGORIES = [
  "defocus",
  "motion blur",
  "low light",
  "jpeg blocks",
  "video blocks",
  "glare band",
  "tilt to 45°",
  "bent card",
  "finger",
  "small, far",
  "backlight",
  "low contrast",
  "rolling shutter",
  "inverted",
] as const;
export type CounterCategory = (typeof COUNTER_CATEGORIES)[number];

/** One generated frame and what it should read as. */
export interface CounterFrame {
  category: CounterCategory;
  frame: RgbaFrame;
  /** The code's text, or null for a card without a code. */
  expected: string | null;
  seed: number;
}

/** What happens to the picture after the camera has drawn it, on top of the scene itself. */
interface Degradation {
  defocusPx: number;
  motion: { length: number; angle: number } | null;
  lowLight: { light: number; electrons: number; readNoise: number } | null;
  /** A bright specular band across the code: its width as a share of the code's side, its strength. */
  glare: { width: number; strength: number; angle: number; offset: number } | null;
  /** Lens flare from a bright window: an even veil over the frame, in levels. */
  veil: number;
  noiseSigma: number;
  jpegQuality: number | null;
  video: { quality: number; stale: number; shift: [number, number] } | null;
}

/** Mild conditions every frame starts from: a lit counter, a card held roughly flat, a webcam's MJPEG. */
function baseline(width: number, height: number, text: string | null, rng: Rng, seed: number) {
  const scale = width / 640;
  const scene: CounterScene = {
    width,
    height,
    text,
    ecLevel: rng.pick(["L", "M", "M", "Q"] as const),
    pxPerModule: rng.range(2.6, 4.2) * Math.sqrt(scale),
    at: [rng.range(0.35, 0.65), rng.range(0.35, 0.65)],
    rollDeg: rng.range(-20, 20),
    tiltDeg: rng.range(0, 15),
    tiltAxisDeg: rng.range(0, 180),
    bowMm: rng.range(0, 1),
    inverted: false,
    ink: rng.range(20, 50),
    paper: rng.range(215, 240),
    cardLight: rng.range(0.85, 1.05),
    backLight: rng.range(0.8, 1),
    shutterSkew: 0,
    fingerModules: 0,
    fingerSide: rng.int(0, 3),
    seed,
  };
  const degradation: Degradation = {
    defocusPx: rng.pick([0, 0, 0.7]) * scale,
    motion: null,
    lowLight: null,
    glare: null,
    veil: 0,
    noiseSigma: rng.range(1.5, 4),
    jpegQuality: rng.next() < 0.5 ? rng.int(70, 90) : null,
    video: null,
  };
  return { scene, degradation, scale };
}

/** The frame's scene and degradation for one category, all drawn from `seed`. */
function describe(
  category: CounterCategory,
  width: number,
  height: number,
  text: string | null,
  seed: number,
) {
  const rng = createRng(seed ^ 0x2545f491);
  const { scene: s, degradation: d, scale } = baseline(width, height, text, rng, seed);
  switch (category) {
    case "defocus":
      s.pxPerModule = rng.range(4, 6) * Math.sqrt(scale);
      d.defocusPx = rng.range(1.5, 3) * scale;
      break;
    case "motion blur":
      d.motion = { length: rng.range(4, 10) * scale, angle: rng.range(0, Math.PI) };
      break;
    case "low light":
      d.lowLight = {
        light: rng.range(0.08, 0.18),
        electrons: rng.range(800, 1500),
        readNoise: rng.range(0.6, 1.4),
      };
      d.noiseSigma = 0;
      break;
    case "jpeg blocks":
      d.jpegQuality = rng.int(8, 22);
      break;
    case "video blocks":
      d.jpegQuality = null;
      d.video = {
        quality: rng.int(12, 28),
        stale: rng.range(0.25, 0.55),
        shift: [rng.int(-3, 3), rng.int(-2, 2)],
      };
      break;
    case "glare band":
      d.glare = {
        width: rng.range(0.12, 0.3),
        strength: rng.range(140, 260),
        angle: rng.range(0, Math.PI),
        offset: rng.range(-0.3, 0.3),
      };
      break;
    case "tilt to 45°":
      s.tiltDeg = rng.range(30, 45);
      s.rollDeg = rng.range(-180, 180);
      s.pxPerModule = rng.range(3.4, 5) * Math.sqrt(scale);
      break;
    case "bent card":
      s.bowMm = rng.pick([-1, 1]) * rng.range(4, 9);
      s.tiltDeg = rng.range(10, 25);
      s.pxPerModule = rng.range(3.2, 4.8) * Math.sqrt(scale);
      break;
    case "finger":
      s.fingerModules = rng.range(1, 2.2);
      break;
    case "small, far":
      s.pxPerModule = rng.range(1.4, 1.7);
      s.tiltDeg = rng.range(0, 8);
      d.defocusPx = 0;
      break;
    case "backlight":
      s.backLight = rng.range(1.6, 2.2);
      s.cardLight = rng.range(0.3, 0.5);
      d.veil = rng.range(15, 45);
      break;
    case "low contrast":
      s.ink = rng.range(85, 125);
      s.paper = rng.range(160, 195);
      d.veil = rng.range(0, 25);
      break;
    case "rolling shutter":
      s.shutterSkew = rng.pick([-1, 1]) * rng.range(0.05, 0.14) * width;
      d.motion = { length: rng.range(1.5, 3.5) * scale, angle: 0 };
      break;
    case "inverted":
      s.inverted = true;
      break;
  }
  s.at = clampPlacement(s);
  return { scene: s, degradation: d, rng };
}

/** Keeps the whole code (and its quiet zone) in the frame. */
function clampPlacement(s: CounterScene): [number, number] {
  const half = (57 * s.pxPerModule * 0.75) / 2;
  const clamp = (v: number, size: number) =>
    Math.min(1 - half / size - 0.03, Math.max(half / size + 0.03, v));
  return [clamp(s.at[0], s.width), clamp(s.at[1], s.height)];
}

function applyGlare(p: Planes, corners: [number, number][], glare: NonNullable<Degradation["glare"]>): void {
  if (corners.length === 0) return;
  const cx = corners.reduce((a, c) => a + c[0], 0) / corners.length;
  const cy = corners.reduce((a, c) => a + c[1], 0) / corners.length;
  const side = Math.hypot(
    (corners[1]?.[0] ?? 0) - (corners[0]?.[0] ?? 0),
    (corners[1]?.[1] ?? 0) - (corners[0]?.[1] ?? 0),
  );
  const nx = Math.cos(glare.angle);
  const ny = Math.sin(glare.angle);
  const centre = glare.offset * side;
  const sigma = (glare.width * side) / 2;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const d = (x - cx) * nx + (y - cy) * ny - centre;
      const add = glare.strength * Math.exp(-(d * d) / (2 * sigma * sigma));
      const i = y * p.width + x;
      p.r[i] = (p.r[i] ?? 0) + add;
      p.g[i] = (p.g[i] ?? 0) + add;
      p.b[i] = (p.b[i] ?? 0) + add;
    }
  }
}

/** Renders one frame of `category`; the same arguments give the same pixels on every machine. */
function renderCounterFrame(
  category: CounterCategory,
  text: string | null,
  width: number,
  height: number,
  seed: number,
): RgbaFrame {
  const { scene, degradation: d, rng } = describe(category, width, height, text, seed);
  const drawn = renderCounterScene(scene, rng);
  let p = drawn.planes;
  if (d.glare !== null) applyGlare(p, drawn.codeCorners, d.glare);
  if (d.defocusPx > 0) p = defocus(p, d.defocusPx);
  if (d.motion !== null) p = motionBlur(p, d.motion.length, d.motion.angle);
  if (d.veil > 0) {
    for (const plane of [p.r, p.g, p.b])
      for (let i = 0; i < plane.length; i++) plane[i] = (plane[i] ?? 0) + d.veil;
  }
  // A sensor clips at full white before the encoder sees anything.
  for (const plane of [p.r, p.g, p.b]) {
    for (let i = 0; i < plane.length; i++) plane[i] = Math.min(255, plane[i] ?? 0);
  }
  if (d.lowLight !== null)
    p = lowLightNoise(p, rng, d.lowLight.light, d.lowLight.electrons, d.lowLight.readNoise);
  if (d.noiseSigma > 0) p = sensorNoise(p, rng, d.noiseSigma);
  if (d.video !== null) p = videoCompress(p, rng, d.video.quality, d.video.shift, d.video.stale);
  else if (d.jpegQuality !== null) p = jpegCompress(p, d.jpegQuality);
  return toRgba(p);
}

/**
 * Frame `k` of `category` in the set of `perCategory` frames per category at this size, as
 * generateCounterSet draws it; `k: null` is the category's card without a code.
 */
export function counterFrame(
  width: number,
  height: number,
  perCategory: number,
  category: CounterCategory,
  k: number | null,
): CounterFrame {
  const c = COUNTER_CATEGORIES.indexOf(category);
  if (k === null) {
    const seed = 90_000 + width * 100 + c;
    return { category, frame: renderCounterFrame(category, null, width, height, seed), expected: null, seed };
  }
  const texts = generateCccdPayloads(perCategory * COUNTER_CATEGORIES.length, 0x7e57 + width);
  const seed = 50_000 + width * 100 + c * 1000 + k;
  const text = texts[c * perCategory + k] ?? "";
  return { category, frame: renderCounterFrame(category, text, width, height, seed), expected: text, seed };
}

/**
 * `perCategory` frames with a code for every category, then one card without a code per category
 * (the same conditions, for false reads), at one frame size.
 */
export function generateCounterSet(width: number, height: number, perCategory: number): CounterFrame[] {
  const withCode = COUNTER_CATEGORIES.flatMap((category) =>
    Array.from({ length: perCategory }, (_, k) => counterFrame(width, height, perCategory, category, k)),
  );
  const without = COUNTER_CATEGORIES.map((category) =>
    counterFrame(width, height, perCategory, category, null),
  );
  return [...withCode, ...without];
}
