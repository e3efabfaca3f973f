import { writeFileSync } from "node:fs";
import { createRng } from "./prng.ts";
import { type RgbaFrame, renderCardFrame, sceneFor } from "./qr-frame.ts";

/** A frame in planar YUV 4:2:0 (I420): full-size Y, then U and V at half width and height. */
export interface I420Frame {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  width: number;
  height: number;
}

// Pure red or blue rounds to 256 in its own chroma channel: clamp instead of wrapping to 0.
const clampByte = (v: number) => Math.min(255, Math.max(0, Math.round(v)));

/**
 * Converts RGBA to I420 with full-range BT.601 (JPEG) coefficients, averaging each 2×2 block
 * for chroma. Width and height must be even, as 4:2:0 requires.
 */
export function rgbaToI420(frame: RgbaFrame): I420Frame {
  const { data, width, height } = frame;
  if (width % 2 !== 0 || height % 2 !== 0)
    throw new Error(`I420 needs even dimensions, got ${width}x${height}`);
  const y = new Uint8Array(width * height);
  const cw = width / 2;
  const u = new Uint8Array(cw * (height / 2));
  const v = new Uint8Array(cw * (height / 2));
  for (let i = 0; i < width * height; i++) {
    const o = i * 4;
    y[i] = Math.round(0.299 * (data[o] ?? 0) + 0.587 * (data[o + 1] ?? 0) + 0.114 * (data[o + 2] ?? 0));
  }
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const o = ((2 * cy + dy) * width + 2 * cx + dx) * 4;
        r += data[o] ?? 0;
        g += data[o + 1] ?? 0;
        b += data[o + 2] ?? 0;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      u[cy * cw + cx] = clampByte(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[cy * cw + cx] = clampByte(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return { y, u, v, width, height };
}

/**
 * Encodes frames as a YUV4MPEG2 stream (C420jpeg, progressive, square pixels): the file format
 * Chromium's `--use-file-for-fake-video-capture` plays as a webcam. All frames must share one size.
 */
export function encodeY4m(frames: readonly RgbaFrame[], fps = 30): Uint8Array {
  const first = frames[0];
  if (first === undefined) throw new Error("a Y4M stream needs at least one frame");
  const { width, height } = first;
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = new TextEncoder().encode("FRAME\n");
  const planeBytes = (width * height * 3) / 2;
  const out = new Uint8Array(header.length + frames.length * (frameHeader.length + planeBytes));
  out.set(header, 0);
  let at = header.length;
  for (const frame of frames) {
    if (frame.width !== width || frame.height !== height)
      throw new Error("all Y4M frames must have the same size");
    const yuv = rgbaToI420(frame);
    out.set(frameHeader, at);
    at += frameHeader.length;
    out.set(yuv.y, at);
    at += yuv.y.length;
    out.set(yuv.u, at);
    at += yuv.u.length;
    out.set(yuv.v, at);
    at += yuv.v.length;
  }
  return out;
}

/** Writes frames to `path` as a Y4M file (see {@link encodeY4m}). */
export function writeY4m(path: string, frames: readonly RgbaFrame[], fps = 30): void {
  writeFileSync(path, encodeY4m(frames, fps));
}

/**
 * Renders a short clip of a card held up to a webcam: the QR of `text` small and tilted, with a
 * little hand shake from frame to frame. Every frame is decodable, so a page reading any of them
 * sees the card; with `damage`, a share of the code's modules is printed wrong and no frame is. Defaults suit Chromium's fake capture: 640×480, 30 frames (one second, looped).
 */
export function renderCardClip(
  text: string,
  opts: { width?: number; height?: number; frames?: number; seed?: number; damage?: number } = {},
): RgbaFrame[] {
  const { width = 640, height = 480, frames = 30, seed = 1, damage = 0 } = opts;
  const rng = createRng(seed);
  // Milder than the "tilted" stress case: a patient presenting the card holds it fairly square.
  const scene = sceneFor("tilted", text, width, height, seed, {
    moduleSize: 3.4,
    tiltXDeg: rng.pick([-1, 1]) * rng.range(8, 14),
    tiltYDeg: rng.pick([-1, 1]) * rng.range(8, 14),
    rotationDeg: rng.range(-15, 15),
    damage,
  });
  const clip: RgbaFrame[] = [];
  for (let i = 0; i < frames; i++) {
    clip.push(
      renderCardFrame({
        ...scene,
        centerX: scene.centerX + rng.gauss(1.5),
        centerY: scene.centerY + rng.gauss(1.5),
        rotationDeg: scene.rotationDeg + rng.gauss(0.5),
        seed: scene.seed,
      }),
    );
  }
  return clip;
}
