import { NEGATIVE_LUMA_SUM, type RgbaFrame } from "./rgba-frame.ts";

/** A point in continuous frame coordinates (pixel i spans [i, i+1)). */
export interface Point {
  x: number;
  y: number;
}

/** A QR symbol read off the image: one bit per module, row-major, 1 = dark. */
export interface ModuleGrid {
  size: number;
  bits: Uint8Array;
}

/** 3×3 projective transform, row-major, mapping (u, v, 1) to homogeneous image coordinates. */
type Homography = Float64Array;

/** Solves the 4-point homography from module coordinates (u, v) to image points. */
function homography(from: readonly Point[], to: readonly Point[]): Homography | null {
  // 8 unknowns h0..h7 with h8 = 1: two rows per correspondence.
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const p = from[i];
    const q = to[i];
    if (p === undefined || q === undefined) return null;
    a.push([p.x, p.y, 1, 0, 0, 0, -q.x * p.x, -q.x * p.y, q.x]);
    a.push([0, 0, 0, p.x, p.y, 1, -q.y * p.x, -q.y * p.y, q.y]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++) {
      if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    }
    const pr = a[pivot];
    const cr = a[col];
    if (pr === undefined || cr === undefined || Math.abs(pr[col] ?? 0) < 1e-12) return null;
    a[pivot] = cr;
    a[col] = pr;
    for (let r = 0; r < 8; r++) {
      const row = a[r];
      if (r === col || row === undefined) continue;
      const f = (row[col] ?? 0) / (pr[col] ?? 1);
      for (let c = col; c < 9; c++) row[c] = (row[c] ?? 0) - f * (pr[c] ?? 0);
    }
  }
  const h = new Float64Array(9);
  for (let i = 0; i < 8; i++) h[i] = (a[i]?.[8] ?? 0) / (a[i]?.[i] ?? 1);
  h[8] = 1;
  return h;
}

function map(h: Homography, u: number, v: number): Point {
  const w = (h[6] ?? 0) * u + (h[7] ?? 0) * v + (h[8] ?? 1);
  return {
    x: ((h[0] ?? 0) * u + (h[1] ?? 0) * v + (h[2] ?? 0)) / w,
    y: ((h[3] ?? 0) * u + (h[4] ?? 0) * v + (h[5] ?? 0)) / w,
  };
}

/** Luma of the pixel under (x, y); outside the frame reads as white, like a quiet zone. */
function lumaAt(f: RgbaFrame, x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  if (xi < 0 || yi < 0 || xi >= f.width || yi >= f.height) return 255;
  const o = (yi * f.width + xi) * 4;
  const sum = 77 * (f.data[o] ?? 0) + 150 * (f.data[o + 1] ?? 0) + 29 * (f.data[o + 2] ?? 0);
  return (f.negative === true ? NEGATIVE_LUMA_SUM - sum : sum) >> 8;
}

/** Mean luma of a small cross of points around a module centre, `r` pixels apart: averages noise. */
function moduleLuma(f: RgbaFrame, p: Point, r: number): number {
  return (
    (2 * lumaAt(f, p.x, p.y) +
      lumaAt(f, p.x - r, p.y) +
      lumaAt(f, p.x + r, p.y) +
      lumaAt(f, p.x, p.y - r) +
      lumaAt(f, p.x, p.y + r)) /
    6
  );
}

/**
 * Fraction of timing-pattern modules (row 6 and column 6 between the finders) that alternate as
 * they must. A wrong module count or a false triple scores near 0.5, a real symbol near 1.
 */
function timingScore(f: RgbaFrame, h: Homography, size: number, r: number): number {
  const values: number[] = [];
  for (let i = 8; i <= size - 9; i++) {
    const a = map(h, i + 0.5, 6.5);
    const b = map(h, 6.5, i + 0.5);
    values.push(moduleLuma(f, a, r), moduleLuma(f, b, r));
  }
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  let good = 0;
  for (let k = 0; k < values.length; k++) {
    const i = 8 + (k >> 1);
    const dark = (values[k] ?? 0) < mean;
    if (dark === (i % 2 === 0)) good++;
  }
  return good / values.length;
}

const ALIGNMENT_DARK = (i: number, j: number) => Math.max(Math.abs(i), Math.abs(j)) !== 1;

/**
 * Looks for the alignment pattern near where the affine estimate puts it, by matching its 5×5
 * ring template; returns its centre or null when no convincing match is found.
 */
function findAlignment(f: RgbaFrame, h: Homography, size: number, module: number): Point | null {
  const c = size - 6.5;
  const reach = Math.max(3, Math.round(size * 0.08));
  const r = module * 0.2;
  // The coarse search moves the template in half-module steps, so every point it reads lies on a
  // half-module lattice around the expected centre: read that lattice once, then score from it.
  const half = 2 * (reach + 2);
  const side = 2 * half + 1;
  const lattice = new Float32Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      lattice[j * side + i] = moduleLuma(f, map(h, c + (i - half) / 2, c + (j - half) / 2), r);
    }
  }
  // The alignment pattern's 5×5 template: a dark centre and outer ring, a light ring between.
  const template = (lumaOf: (i: number, j: number) => number): number => {
    let dark = 0;
    let light = 0;
    for (let j = -2; j <= 2; j++) {
      for (let i = -2; i <= 2; i++) {
        if (ALIGNMENT_DARK(i, j)) dark += lumaOf(i, j);
        else light += lumaOf(i, j);
      }
    }
    return light / 8 - dark / 17;
  };
  const coarseScore = (du: number, dv: number): number =>
    template((i, j) => lattice[(2 * (dv + j) + half) * side + half + 2 * (du + i)] ?? 0);
  const score = (du: number, dv: number): number =>
    template((i, j) => moduleLuma(f, map(h, c + du + i, c + dv + j), r));
  let best = -Infinity;
  let bestPoint: Point | null = null;
  for (let dv = -reach; dv <= reach; dv += 0.5) {
    for (let du = -reach; du <= reach; du += 0.5) {
      const s = coarseScore(du, dv) - 2 * Math.hypot(du, dv);
      if (s > best) {
        best = s;
        bestPoint = { x: du, y: dv };
      }
    }
  }
  if (bestPoint === null || best < 20) return null;
  // Refine to a quarter module around the best coarse match.
  const coarse = bestPoint;
  for (let dv = coarse.y - 0.5; dv <= coarse.y + 0.5; dv += 0.25) {
    for (let du = coarse.x - 0.5; du <= coarse.x + 0.5; du += 0.25) {
      const s = score(du, dv) - 2 * Math.hypot(du, dv);
      if (s > best) {
        best = s;
        bestPoint = { x: du, y: dv };
      }
    }
  }
  return map(h, c + bestPoint.x, c + bestPoint.y);
}

/**
 * Width of the finder at `c` along the unit direction (dx, dy), divided by 7: the module size in
 * that direction. Reads a luma profile through the centre and finds the outer edges of the
 * dark ring on both sides, interpolating between samples. NaN if the profile does not fit.
 */
function finderModule(f: RgbaFrame, c: Point, dx: number, dy: number, guess: number): number {
  const step = Math.max(0.4, guess / 4);
  const count = Math.ceil((5 * guess) / step);
  const edge = (sign: number): number => {
    const prof: number[] = [];
    for (let i = 0; i <= count; i++) {
      const t = sign * i * step;
      prof.push(moduleLuma(f, { x: c.x + t * dx, y: c.y + t * dy }, guess * 0.25));
    }
    const lo = Math.min(...prof);
    const hi = Math.max(...prof);
    if (hi - lo < 10) return Number.NaN;
    const mid = (lo + hi) / 2;
    // Expect dark (centre), light, dark (ring), then light: the third crossing is the outer edge.
    let crossings = 0;
    for (let i = 1; i < prof.length; i++) {
      const a = (prof[i - 1] ?? 0) - mid;
      const b = (prof[i] ?? 0) - mid;
      if (a < 0 === b < 0) continue;
      crossings++;
      if (crossings === 3) return (i - 1 + a / (a - b)) * step;
    }
    return Number.NaN;
  };
  return (edge(1) + edge(-1)) / 7;
}

/** Finder centres plus the module sizes measured at each end of the two edges they span. */
interface Geometry {
  tl: Point;
  tr: Point;
  bl: Point;
  /** Module size along TL→TR at TL and at TR, and along TL→BL at TL and at BL. */
  mTopAtTl: number;
  mTopAtTr: number;
  mLeftAtTl: number;
  mLeftAtBl: number;
}

function measure(f: RgbaFrame, tl: Point, tr: Point, bl: Point, module: number): Geometry | null {
  const lt = Math.hypot(tr.x - tl.x, tr.y - tl.y);
  const ll = Math.hypot(bl.x - tl.x, bl.y - tl.y);
  const [tx, ty] = [(tr.x - tl.x) / lt, (tr.y - tl.y) / lt];
  const [lx, ly] = [(bl.x - tl.x) / ll, (bl.y - tl.y) / ll];
  const g = {
    tl,
    tr,
    bl,
    mTopAtTl: finderModule(f, tl, tx, ty, module),
    mTopAtTr: finderModule(f, tr, tx, ty, module),
    mLeftAtTl: finderModule(f, tl, lx, ly, module),
    mLeftAtBl: finderModule(f, bl, lx, ly, module),
  };
  const ms = [g.mTopAtTl, g.mTopAtTr, g.mLeftAtTl, g.mLeftAtBl];
  return ms.every((m) => Number.isFinite(m) && m > 0.5) ? g : null;
}

/**
 * Homography from module coordinates to the frame that puts the finder centres at module 3.5 and
 * size - 3.5 and shrinks the module along each edge as the measured finder sizes say: a 1-D
 * perspective along each edge, (u·A + v·B) / (1 + cx·u + cy·v) around the top-left centre.
 */
function perspective(g: Geometry, size: number): Homography {
  const span = size - 7;
  const cx = (Math.sqrt(g.mTopAtTl / g.mTopAtTr) - 1) / span;
  const cy = (Math.sqrt(g.mLeftAtTl / g.mLeftAtBl) - 1) / span;
  const ax = ((g.tr.x - g.tl.x) * (1 + cx * span)) / span;
  const ay = ((g.tr.y - g.tl.y) * (1 + cx * span)) / span;
  const bx = ((g.bl.x - g.tl.x) * (1 + cy * span)) / span;
  const by = ((g.bl.y - g.tl.y) * (1 + cy * span)) / span;
  // Shift module coordinates by 3.5 and image coordinates by the top-left centre.
  const w = 1 - 3.5 * cx - 3.5 * cy;
  return Float64Array.of(
    ax + g.tl.x * cx,
    bx + g.tl.x * cy,
    -3.5 * ax - 3.5 * bx + g.tl.x * w,
    ay + g.tl.y * cx,
    by + g.tl.y * cy,
    -3.5 * ay - 3.5 * by + g.tl.y * w,
    cx,
    cy,
    w,
  );
}

/** Candidate module counts near the estimate, best timing pattern first; weak ones dropped. */
function rankSizes(f: RgbaFrame, g: Geometry): [number, Homography][] {
  const top = Math.hypot(g.tr.x - g.tl.x, g.tr.y - g.tl.y) / Math.sqrt(g.mTopAtTl * g.mTopAtTr);
  const left = Math.hypot(g.bl.x - g.tl.x, g.bl.y - g.tl.y) / Math.sqrt(g.mLeftAtTl * g.mLeftAtBl);
  const estimate = (top + left) / 2 + 7;
  // Valid sizes are 21, 25, ... 177.
  const nearest = Math.round((estimate - 17) / 4) * 4 + 17;
  const scored: [number, number, Homography][] = [];
  for (const size of [nearest, nearest - 4, nearest + 4]) {
    if (size < 21 || size > 177) continue;
    const h = perspective(g, size);
    const s = timingScore(f, h, size, Math.min(g.mTopAtTl, g.mLeftAtTl) * 0.2);
    if (s >= 0.75) scored.push([size, s, h]);
  }
  return scored.sort((a, b) => b[1] - a[1]).map(([size, , h]) => [size, h]);
}

/**
 * Reads the module grid of a QR whose finder centres are at tl, tr and bl (frame pixels):
 * picks the module count by the timing pattern, corrects perspective with the alignment pattern,
 * and thresholds each module against its neighbourhood. Yields at most two candidates, likeliest
 * first, each read only when the one before it was not taken.
 */
export function* sampleGrids(
  f: RgbaFrame,
  tl: Point,
  tr: Point,
  bl: Point,
  module: number,
): Generator<ModuleGrid, void, undefined> {
  const g = measure(f, tl, tr, bl, module);
  if (g === null) return;
  for (const [size, base] of rankSizes(f, g).slice(0, 2)) {
    let h: Homography = base;
    if (size >= 25) {
      const ap = findAlignment(f, base, size, Math.min(g.mTopAtTr, g.mLeftAtBl));
      if (ap !== null) {
        const fixed = homography(
          [
            { x: 3.5, y: 3.5 },
            { x: size - 3.5, y: 3.5 },
            { x: 3.5, y: size - 3.5 },
            { x: size - 6.5, y: size - 6.5 },
          ],
          [tl, tr, bl, ap],
        );
        if (fixed !== null) h = fixed;
      }
    }
    yield readModules(f, h, size);
  }
}

function readModules(f: RgbaFrame, h: Homography, size: number): ModuleGrid {
  const n = size * size;
  const values = new Float32Array(n);
  const p0 = map(h, size / 2, size / 2);
  const p1 = map(h, size / 2 + 1, size / 2);
  const r = Math.hypot(p1.x - p0.x, p1.y - p0.y) * 0.22;
  samplePatches(f, h, size, r, values);
  sharpen(values, size);
  // Local mean over a 9×9-module window (summed-area table) copes with glare and shading.
  const stride = size + 1;
  const sat = new Float64Array(stride * stride);
  for (let v = 0; v < size; v++) {
    let row = 0;
    for (let u = 0; u < size; u++) {
      row += values[v * size + u] ?? 0;
      sat[(v + 1) * stride + u + 1] = (sat[v * stride + u + 1] ?? 0) + row;
    }
  }
  const bits = new Uint8Array(n);
  const k = 4;
  for (let v = 0; v < size; v++) {
    const v0 = Math.max(0, v - k);
    const v1 = Math.min(size, v + k + 1);
    for (let u = 0; u < size; u++) {
      const u0 = Math.max(0, u - k);
      const u1 = Math.min(size, u + k + 1);
      const sum =
        (sat[v1 * stride + u1] ?? 0) -
        (sat[v0 * stride + u1] ?? 0) -
        (sat[v1 * stride + u0] ?? 0) +
        (sat[v0 * stride + u0] ?? 0);
      const mean = sum / ((v1 - v0) * (u1 - u0));
      bits[v * size + u] = (values[v * size + u] ?? 0) < mean ? 1 : 0;
    }
  }
  paintFunctionPatterns(bits, size);
  return { size, bits };
}

/**
 * Mean luma around each module centre, into `values`: the centre twice and four diagonal points `r`
 * pixels away, enough to average noise and clear of the neighbouring modules. The sampler's hot
 * loop, so the homography is unrolled rather than mapped to a point per module.
 */
function samplePatches(f: RgbaFrame, h: Homography, size: number, r: number, values: Float32Array): void {
  const [h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0, h8 = 1] = h;
  for (let v = 0; v < size; v++) {
    const vc = v + 0.5;
    for (let u = 0; u < size; u++) {
      const uc = u + 0.5;
      const w = h6 * uc + h7 * vc + h8;
      const x = (h0 * uc + h1 * vc + h2) / w;
      const y = (h3 * uc + h4 * vc + h5) / w;
      values[v * size + u] =
        (lumaAt(f, x - r, y - r) +
          lumaAt(f, x + r, y - r) +
          2 * lumaAt(f, x, y) +
          lumaAt(f, x - r, y + r) +
          lumaAt(f, x + r, y + r)) /
        6;
    }
  }
}

/** Centres of alignment patterns along one axis for a symbol of `size` modules (ISO 18004 table, as a formula). */
function alignmentCentres(size: number): number[] {
  const version = (size - 17) / 4;
  if (version < 2) return [];
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

/**
 * Overwrites finders, separators, timing and alignment patterns with their fixed shapes: they
 * carry no data, and a misread there would only stop the decoder from finding the symbol.
 */
function paintFunctionPatterns(bits: Uint8Array, size: number): void {
  const set = (u: number, v: number, dark: boolean) => {
    if (u >= 0 && v >= 0 && u < size && v < size) bits[v * size + u] = dark ? 1 : 0;
  };
  for (const [cu, cv] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dv = -4; dv <= 4; dv++) {
      for (let du = -4; du <= 4; du++) {
        const ring = Math.max(Math.abs(du), Math.abs(dv));
        set(cu + du, cv + dv, ring !== 2 && ring !== 4);
      }
    }
  }
  for (let i = 8; i < size - 8; i++) {
    set(i, 6, i % 2 === 0);
    set(6, i, i % 2 === 0);
  }
  const centres = alignmentCentres(size);
  for (const cv of centres) {
    for (const cu of centres) {
      // Skip the three spots taken by finder patterns.
      if ((cu === 6 && cv === 6) || (cu === 6 && cv === size - 7) || (cu === size - 7 && cv === 6)) continue;
      for (let dv = -2; dv <= 2; dv++) {
        for (let du = -2; du <= 2; du++) set(cu + du, cv + dv, Math.max(Math.abs(du), Math.abs(dv)) !== 1);
      }
    }
  }
  set(8, size - 8, true);
}

/** Undoes some of the blur that bleeds neighbouring modules into each other (unsharp mask on the grid). */
function sharpen(values: Float32Array, size: number): void {
  const src = values.slice();
  const amount = 0.6;
  for (let v = 1; v < size - 1; v++) {
    for (let u = 1; u < size - 1; u++) {
      const i = v * size + u;
      const around =
        ((src[i - 1] ?? 0) + (src[i + 1] ?? 0) + (src[i - size] ?? 0) + (src[i + size] ?? 0)) / 4;
      values[i] = (src[i] ?? 0) + amount * ((src[i] ?? 0) - around);
    }
  }
}
