/**
 * What a webcam, its lens and its video encoder do to a picture, on float colour planes (0..255,
 * values may run past either end until the frame is written out).
 */
import type { Rng } from "./prng.ts";

/** Three colour planes of one picture. */
export interface Planes {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

export function makePlanes(width: number, height: number): Planes {
  const n = width * height;
  return { width, height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
}

function eachPlane(p: Planes, fn: (plane: Float32Array) => Float32Array): Planes {
  return { ...p, r: fn(p.r), g: fn(p.g), b: fn(p.b) };
}

/** Convolves with a normalised kernel given as offsets and weights; pixels past the edge repeat the edge. */
function convolve(p: Planes, taps: readonly (readonly [number, number, number])[]): Planes {
  const { width: w, height: h } = p;
  return eachPlane(p, (src) => {
    const out = new Float32Array(src.length);
    for (const [dx, dy, weight] of taps) {
      for (let y = 0; y < h; y++) {
        const sy = Math.min(h - 1, Math.max(0, y + dy)) * w;
        const row = y * w;
        for (let x = 0; x < w; x++) {
          const sx = Math.min(w - 1, Math.max(0, x + dx));
          out[row + x] = (out[row + x] ?? 0) + weight * (src[sy + sx] ?? 0);
        }
      }
    }
    return out;
  });
}

/** Out of focus: a lens's blur disc of `radius` pixels (uniform over the disc, soft edge). */
export function defocus(p: Planes, radius: number): Planes {
  const taps: [number, number, number][] = [];
  const reach = Math.ceil(radius);
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const weight = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(dx, dy)));
      if (weight > 0) taps.push([dx, dy, weight]);
    }
  }
  return convolve(p, normalise(taps));
}

/** The card moving during the exposure: a line of `length` pixels at `angle` radians. */
export function motionBlur(p: Planes, length: number, angle: number): Planes {
  const taps: [number, number, number][] = [];
  const steps = Math.max(2, Math.ceil(length) * 2);
  const counts = new Map<string, [number, number, number]>();
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps - 0.5) * length;
    const dx = Math.round(t * Math.cos(angle));
    const dy = Math.round(t * Math.sin(angle));
    const key = `${dx},${dy}`;
    const tap = counts.get(key) ?? [dx, dy, 0];
    tap[2] += 1;
    counts.set(key, tap);
  }
  taps.push(...counts.values());
  return convolve(p, normalise(taps));
}

function normalise(taps: [number, number, number][]): [number, number, number][] {
  const sum = taps.reduce((s, t) => s + t[2], 0);
  return taps.map(([dx, dy, w]) => [dx, dy, w / sum]);
}

/**
 * A small sensor in poor light: the picture reaches the sensor at `light` of full exposure,
 * gathers shot noise (variance proportional to the signal, `electrons` at full white) and read
 * noise, and the camera's gain brings it back up, noise and all.
 */
export function lowLightNoise(
  p: Planes,
  rng: Rng,
  light: number,
  electrons: number,
  readNoise: number,
): Planes {
  const gain = 1 / light;
  return eachPlane(p, (src) => {
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const signal = Math.max(0, (src[i] ?? 0) * light);
      const shot = Math.sqrt((signal * 255) / electrons);
      out[i] = (signal + rng.gauss(shot) + rng.gauss(readNoise)) * gain;
    }
    return out;
  });
}

/** Ordinary sensor noise at `sigma` levels, a little stronger in luma than in colour. */
export function sensorNoise(p: Planes, rng: Rng, sigma: number): Planes {
  const n = p.r.length;
  const out = makePlanes(p.width, p.height);
  for (let i = 0; i < n; i++) {
    const luma = rng.gauss(sigma);
    out.r[i] = (p.r[i] ?? 0) + luma + rng.gauss(sigma * 0.3);
    out.g[i] = (p.g[i] ?? 0) + luma + rng.gauss(sigma * 0.3);
    out.b[i] = (p.b[i] ?? 0) + luma + rng.gauss(sigma * 0.3);
  }
  return out;
}

/** The JPEG luminance and chrominance quantisation tables (ITU T.81 Annex K), zig-zag free. */
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
  29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
  121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

const COS8 = Array.from({ length: 64 }, (_, k) => {
  const x = k >> 3;
  const u = k & 7;
  return (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * 0.5;
});

/** Scales a quantisation table to a JPEG quality 1..100 the way libjpeg does. */
function scaledTable(table: readonly number[], quality: number): number[] {
  const s = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return table.map((q) => Math.min(255, Math.max(1, Math.floor((q * s + 50) / 100))));
}

/** Quantises one plane in 8×8 DCT blocks with `table` (its values multiplied by `coarse`). */
function quantisePlane(plane: Float32Array, w: number, h: number, table: readonly number[]): void {
  const block = new Float64Array(64);
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let k = 0; k < 64; k++) {
        const x = Math.min(w - 1, bx + (k & 7));
        const y = Math.min(h - 1, by + (k >> 3));
        block[k] = (plane[y * w + x] ?? 0) - 128;
      }
      // Separable DCT: rows, then columns; quantise; then back the same way.
      for (let y = 0; y < 8; y++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += (block[y * 8 + x] ?? 0) * (COS8[x * 8 + u] ?? 0);
          tmp[y * 8 + u] = s;
        }
      }
      for (let u = 0; u < 8; u++) {
        for (let v = 0; v < 8; v++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += (tmp[y * 8 + u] ?? 0) * (COS8[y * 8 + v] ?? 0);
          const q = table[v * 8 + u] ?? 1;
          coef[v * 8 + u] = Math.round(s / q) * q;
        }
      }
      for (let v = 0; v < 8; v++) {
        for (let x = 0; x < 8; x++) {
          let s = 0;
          for (let u = 0; u < 8; u++) s += (coef[v * 8 + u] ?? 0) * (COS8[x * 8 + u] ?? 0);
          tmp[v * 8 + x] = s;
        }
      }
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          let s = 0;
          for (let v = 0; v < 8; v++) s += (tmp[v * 8 + x] ?? 0) * (COS8[y * 8 + v] ?? 0);
          const px = bx + x;
          const py = by + y;
          if (px < w && py < h) plane[py * w + px] = s + 128;
        }
      }
    }
  }
}

/**
 * Compresses as JPEG (or a webcam's MJPEG stream) does: YCbCr, colour at half resolution, 8×8
 * DCT blocks quantised at `quality`.
 */
export function jpegCompress(p: Planes, quality: number): Planes {
  const { width: w, height: h } = p;
  const n = w * h;
  const y = new Float32Array(n);
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const cb = new Float32Array(cw * ch);
  const cr = new Float32Array(cw * ch);
  for (let i = 0; i < n; i++) {
    const r = Math.min(255, Math.max(0, p.r[i] ?? 0));
    const g = Math.min(255, Math.max(0, p.g[i] ?? 0));
    const b = Math.min(255, Math.max(0, p.b[i] ?? 0));
    y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    const c = ((i / w) >> 1) * cw + ((i % w) >> 1);
    cb[c] = (cb[c] ?? 0) + 0.25 * (128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
    cr[c] = (cr[c] ?? 0) + 0.25 * (128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
  }
  quantisePlane(y, w, h, scaledTable(LUMA_Q, quality));
  quantisePlane(cb, cw, ch, scaledTable(CHROMA_Q, quality));
  quantisePlane(cr, cw, ch, scaledTable(CHROMA_Q, quality));
  const out = makePlanes(w, h);
  for (let i = 0; i < n; i++) {
    const c = ((i / w) >> 1) * cw + ((i % w) >> 1);
    const yy = y[i] ?? 0;
    const u = (cb[c] ?? 128) - 128;
    const v = (cr[c] ?? 128) - 128;
    out.r[i] = yy + 1.402 * v;
    out.g[i] = yy - 0.344136 * u - 0.714136 * v;
    out.b[i] = yy + 1.772 * u;
  }
  return out;
}

/**
 * A video encoder short of bits: most 16×16 macroblocks are predicted from the previous frame (the
 * same picture `shift` pixels earlier in the card's motion) and keep that stale content with a
 * flat correction; the rest are coded afresh at a low JPEG quality.
 */
export function videoCompress(
  p: Planes,
  rng: Rng,
  quality: number,
  shift: [number, number],
  stale: number,
): Planes {
  const { width: w, height: h } = p;
  const fresh = jpegCompress(p, quality);
  const out = makePlanes(w, h);
  out.r.set(fresh.r);
  out.g.set(fresh.g);
  out.b.set(fresh.b);
  const [sx, sy] = shift;
  for (let by = 0; by < h; by += 16) {
    for (let bx = 0; bx < w; bx += 16) {
      if (rng.next() >= stale) continue;
      for (const [src, dst] of [
        [fresh.r, out.r],
        [fresh.g, out.g],
        [fresh.b, out.b],
      ] as const) {
        // The block's mean is corrected, its detail is the previous frame's.
        let now = 0;
        let before = 0;
        let count = 0;
        for (let y = by; y < Math.min(h, by + 16); y++) {
          for (let x = bx; x < Math.min(w, bx + 16); x++) {
            const ox = Math.min(w - 1, Math.max(0, x + sx));
            const oy = Math.min(h - 1, Math.max(0, y + sy));
            now += src[y * w + x] ?? 0;
            before += src[oy * w + ox] ?? 0;
            count++;
          }
        }
        const correction = (now - before) / count;
        for (let y = by; y < Math.min(h, by + 16); y++) {
          for (let x = bx; x < Math.min(w, bx + 16); x++) {
            const ox = Math.min(w - 1, Math.max(0, x + sx));
            const oy = Math.min(h - 1, Math.max(0, y + sy));
            dst[y * w + x] = (src[oy * w + ox] ?? 0) + correction;
          }
        }
      }
    }
  }
  return out;
}

/** Writes planes out as an 8-bit RGBA frame. */
export function toRgba(p: Planes): { data: Uint8ClampedArray; width: number; height: number } {
  const n = p.r.length;
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    data[i * 4] = Math.round(p.r[i] ?? 0);
    data[i * 4 + 1] = Math.round(p.g[i] ?? 0);
    data[i * 4 + 2] = Math.round(p.b[i] ?? 0);
    data[i * 4 + 3] = 255;
  }
  return { data, width: p.width, height: p.height };
}
