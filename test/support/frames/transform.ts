import type { RgbaFrame } from "./qr-frame.ts";

/** The frame turned clockwise by `quarters` × 90°, as a phone saves a photo taken sideways. */
export function turnFrame(frame: RgbaFrame, quarters: 0 | 1 | 2 | 3): RgbaFrame {
  let turned: RgbaFrame = { ...frame, data: frame.data.slice() };
  for (let i = 0; i < quarters; i++) turned = turnClockwise(turned);
  return turned;
}

/** One clockwise quarter turn: pixel (x, y) goes to (height − 1 − y, x). */
function turnClockwise(frame: RgbaFrame): RgbaFrame {
  const { width, height } = frame;
  const src = new Uint32Array(frame.data.buffer, frame.data.byteOffset, width * height);
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[x * height + (height - 1 - y)] = src[y * width + x] ?? 0;
  }
  return { data: new Uint8ClampedArray(out.buffer), width: height, height: width };
}

/**
 * The frame scaled (bilinear) so that its long side is `side` pixels: a small image blown up to
 * the size of a phone photo, with the soft edges an upscale gives.
 */
export function scaleToLongSide(frame: RgbaFrame, side: number): RgbaFrame {
  const scale = side / Math.max(frame.width, frame.height);
  const width = Math.round(frame.width * scale);
  const height = Math.round(frame.height * scale);
  const out = new Uint8ClampedArray(width * height * 4);
  const src = frame.data;
  const sw = frame.width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(frame.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(frame.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * sw + x0) * 4 + c] ?? 0;
        const b = src[(y0 * sw + x1) * 4 + c] ?? 0;
        const d = src[(y1 * sw + x0) * 4 + c] ?? 0;
        const e = src[(y1 * sw + x1) * 4 + c] ?? 0;
        out[o + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}
