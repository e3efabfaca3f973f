import { BLOCK_SHIFT, darkAt, type Thresholded } from "./gray-image.ts";

/** A likely QR finder pattern (the 7×7 "eye"), in the pixels of the image it was found in. */
export interface FinderCandidate {
  x: number;
  y: number;
  /** Estimated module size in pixels. */
  module: number;
  /** How many scan lines confirmed it; noise rarely reaches 2. */
  hits: number;
}

/** Three finder patterns that could be the corners of one QR code. */
export interface FinderTriple {
  topLeft: FinderCandidate;
  topRight: FinderCandidate;
  bottomLeft: FinderCandidate;
  /** Lower is more QR-like. */
  score: number;
}

/** Stop collecting after this many candidates: clutter beyond it only costs time. */
const MAX_CANDIDATES = 40;

/** Do five run lengths look like dark:light:dark:light:dark = 1:1:3:1:1? */
function isFinderRatio(a: number, b: number, c: number, d: number, e: number): boolean {
  const total = a + b + c + d + e;
  if (total < 7) return false;
  const m = total / 7;
  const tol = m * 0.7;
  return (
    Math.abs(m - a) < tol &&
    Math.abs(m - b) < tol &&
    Math.abs(3 * m - c) < 3 * tol &&
    Math.abs(m - d) < tol &&
    Math.abs(m - e) < tol
  );
}

/**
 * Walks from pixel (cx, cy) in steps (sx, sy) both ways and, if the five runs through it match
 * 1:1:3:1:1, returns [continuous position of the centre run's middle along the walk, total length].
 */
function crossCheck(
  img: Thresholded,
  cx: number,
  cy: number,
  sx: number,
  sy: number,
  maxRun: number,
): [number, number] | null {
  if (darkAt(img, cx, cy) !== 1) return null;
  const maxCentre = maxRun * 3;
  let back = 1;
  while (back <= maxCentre && darkAt(img, cx - back * sx, cy - back * sy) === 1) back++;
  const b1 = runLength(img, cx, cy, -sx, -sy, back, 0, maxRun);
  if (b1 === 0) return null;
  const b0 = runLength(img, cx, cy, -sx, -sy, back + b1, 1, maxRun);
  if (b0 === 0) return null;
  let fwd = 1;
  while (fwd <= maxCentre && darkAt(img, cx + fwd * sx, cy + fwd * sy) === 1) fwd++;
  const f1 = runLength(img, cx, cy, sx, sy, fwd, 0, maxRun);
  if (f1 === 0) return null;
  const f0 = runLength(img, cx, cy, sx, sy, fwd + f1, 1, maxRun);
  if (f0 === 0) return null;
  const centre = back + fwd - 1;
  if (!isFinderRatio(b0, b1, centre, f1, f0)) return null;
  // The centre run covers pixels start-(back-1) .. start+(fwd-1), i.e. [start-back+1, start+fwd).
  const start = sx !== 0 ? cx : cy;
  return [start + (fwd - back + 1) / 2, b0 + b1 + centre + f1 + f0];
}

/** Length of the run of `colour` that starts `from` steps away; 0 if none or longer than `max`. */
function runLength(
  img: Thresholded,
  cx: number,
  cy: number,
  sx: number,
  sy: number,
  from: number,
  colour: number,
  max: number,
): number {
  let n = 0;
  while (n <= max && darkAt(img, cx + (from + n) * sx, cy + (from + n) * sy) === colour) n++;
  return n > max ? 0 : n;
}

/**
 * Scans every `rowStep`-th row of a binary image (1 = dark) for runs shaped like a finder pattern,
 * confirms each vertically and horizontally, and merges repeats. Cost is one pass over the rows.
 */
export function findFinderCandidates(img: Thresholded, rowStep: number): FinderCandidate[] {
  const { data, width: w, height: h, threshold, blocksWide } = img;
  const found: FinderCandidate[] = [];
  for (let y = rowStep >> 1; y < h; y += rowStep) {
    const row = y * w;
    const thresholdRow = (y >> BLOCK_SHIFT) * blocksWide;
    // Run lengths of the last five runs, oldest first; `state` is which run we are in.
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let c4 = 0;
    let state = 0;
    for (let x = 0; x <= w; x++) {
      const dark = x < w && (data[row + x] ?? 0) <= (threshold[thresholdRow + (x >> BLOCK_SHIFT)] ?? 0);
      if (dark) {
        if (state === 1 || state === 3) state++;
        if (state === 0) c0++;
        else if (state === 2) c2++;
        else c4++;
        continue;
      }
      if (state === 1) {
        c1++;
        continue;
      }
      if (state === 3) {
        c3++;
        continue;
      }
      if (state === 0) {
        if (c0 > 0) {
          state = 1;
          c1 = 1;
        }
        continue;
      }
      if (state === 2) {
        state = 3;
        c3 = 1;
        continue;
      }
      // state 4 ended on a light pixel: test the five runs, then slide by two runs.
      if (isFinderRatio(c0, c1, c2, c3, c4)) {
        const total = c0 + c1 + c2 + c3 + c4;
        const cx = Math.floor(x - c4 - c3 - c2 / 2);
        addCandidate(found, img, cx, y, total);
        if (found.length >= MAX_CANDIDATES * 4) return consolidate(found);
      }
      c0 = c2;
      c1 = c3;
      c2 = c4;
      c3 = 1;
      c4 = 0;
      state = 3;
    }
  }
  return consolidate(found);
}

function addCandidate(
  found: FinderCandidate[],
  img: Thresholded,
  cx: number,
  y: number,
  rowTotal: number,
): void {
  const maxRun = Math.ceil(rowTotal * 0.6);
  const vertical = crossCheck(img, cx, y, 0, 1, maxRun);
  if (vertical === null) return;
  const fy = vertical[0];
  const horizontal = crossCheck(img, cx, Math.floor(fy), 1, 0, maxRun);
  if (horizontal === null) return;
  const fx = horizontal[0];
  // The two axes disagreeing a lot means a bar or blob, not a square eye.
  if (Math.abs(vertical[1] - horizontal[1]) > 0.6 * Math.max(vertical[1], horizontal[1])) return;
  // Strong perspective can spoil one diagonal; a real eye still matches along the other.
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const diagRun = Math.ceil(maxRun * 1.5);
  if (crossCheck(img, ix, iy, 1, 1, diagRun) === null && crossCheck(img, ix, iy, 1, -1, diagRun) === null)
    return;
  const module = (rowTotal + vertical[1] + horizontal[1]) / 21;
  for (const c of found) {
    if (Math.abs(c.x - fx) <= 1.5 * c.module && Math.abs(c.y - fy) <= 1.5 * c.module) {
      const n = c.hits + 1;
      c.x = (c.x * c.hits + fx) / n;
      c.y = (c.y * c.hits + fy) / n;
      c.module = (c.module * c.hits + module) / n;
      c.hits = n;
      return;
    }
  }
  found.push({ x: fx, y: fy, module, hits: 1 });
}

function consolidate(found: FinderCandidate[]): FinderCandidate[] {
  return found.sort((a, b) => b.hits - a.hits).slice(0, MAX_CANDIDATES);
}

/**
 * Ranks the triples of candidates that form a plausible QR: similar module sizes, two sides of
 * similar length meeting at roughly a right angle, and a sensible number of modules between.
 */
export function findTriples(candidates: readonly FinderCandidate[], limit: number): FinderTriple[] {
  const out: FinderTriple[] = [];
  const n = Math.min(candidates.length, 16);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        const t = scoreTriple(candidates[i], candidates[j], candidates[k]);
        if (t !== null) out.push(t);
      }
    }
  }
  return out.sort((a, b) => a.score - b.score).slice(0, limit);
}

function distance(a: FinderCandidate, b: FinderCandidate): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function scoreTriple(
  p: FinderCandidate | undefined,
  q: FinderCandidate | undefined,
  r: FinderCandidate | undefined,
): FinderTriple | null {
  if (p === undefined || q === undefined || r === undefined) return null;
  // Called for every triple of up to 16 candidates: cheap tests first, and nothing allocated before them.
  const mMax = Math.max(p.module, q.module, r.module);
  const mMin = Math.min(p.module, q.module, r.module);
  if (mMax > 1.8 * mMin) return null;
  const dpq = distance(p, q);
  const dqr = distance(q, r);
  const dpr = distance(p, r);
  // The corner is opposite the longest side.
  let corner = p;
  let a = q;
  let b = r;
  if (dpq >= dqr && dpq >= dpr) {
    corner = r;
    a = p;
    b = q;
  } else if (dpr >= dpq && dpr >= dqr) {
    corner = q;
    a = p;
    b = r;
  }
  const la = distance(corner, a);
  const lb = distance(corner, b);
  const m = (p.module + q.module + r.module) / 3;
  const modulesBetween = (la + lb) / 2 / m;
  if (modulesBetween < 10 || modulesBetween > 180) return null;
  const sideRatio = Math.max(la, lb) / Math.min(la, lb);
  if (sideRatio > 1.7) return null;
  const cos = ((a.x - corner.x) * (b.x - corner.x) + (a.y - corner.y) * (b.y - corner.y)) / (la * lb);
  if (Math.abs(cos) > 0.5) return null;
  // Image y points down, so a positive cross product puts `a` clockwise of `b`: a is top-right.
  const cross = (a.x - corner.x) * (b.y - corner.y) - (a.y - corner.y) * (b.x - corner.x);
  const score =
    (sideRatio - 1) * 2 +
    Math.abs(cos) * 2 +
    (mMax / mMin - 1) -
    0.05 * Math.min(p.hits + q.hits + r.hits, 12) -
    0.3 * Math.min(p.hits, q.hits, r.hits, 4);
  return cross > 0
    ? { topLeft: corner, topRight: a, bottomLeft: b, score }
    : { topLeft: corner, topRight: b, bottomLeft: a, score };
}
