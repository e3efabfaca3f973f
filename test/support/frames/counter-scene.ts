/**
 * A chip ID card in front of a counter webcam, drawn through a pinhole camera: the card face (a
 * fine guilloche background, printed text, a photo, a chip and the QR with its quiet zone), the
 * card bowed in the hand, a finger over its edge, the desk behind it, a window behind the patient,
 * and a rolling shutter reading rows one after another while the card moves.
 */
import { makePlanes, type Planes } from "./counter-degrade.ts";
import type { Rng } from "./prng.ts";
import { encodeQr } from "./qr-frame.ts";

/** ID-1 card in millimetres; the QR sits top right as on the chip CCCD. */
const CARD_W = 85.6;
const CARD_H = 53.98;
const QR_MM = 19;
const QR_X = CARD_W - 3 - QR_MM;
const QR_Y = 3;
/** Texels per millimetre of the card face outside the QR (the QR itself is sampled exactly). */
const TEX = 10;
/** Quiet modules printed around the code. */
const QUIET = 2;

/** Where the card is and how it lies, and what is in front of and behind it. */
export interface CounterScene {
  width: number;
  height: number;
  /** QR text, or null for a card without a code. */
  text: string | null;
  ecLevel: "L" | "M" | "Q" | "H";
  /** Frame pixels per QR module at the code's centre if the card faced the camera. */
  pxPerModule: number;
  /** Where the code's centre falls in the frame, as shares of width and height. */
  at: [number, number];
  /** Turn in the card's plane, and tilt of its plane away from the camera, about an axis at `tiltAxisDeg`. */
  rollDeg: number;
  tiltDeg: number;
  tiltAxisDeg: number;
  /** The card bowed about its short axis: how far its middle stands out of the plane, in millimetres. */
  bowMm: number;
  /** Light on dark: the code printed inverted (a negative, a dark-mode screen). */
  inverted: boolean;
  /** Ink and paper levels of the code (0..255). */
  ink: number;
  paper: number;
  /** Light falling on the card (1 = a lit counter) and on what is behind it (a window behind the patient is 1.5 and more). */
  cardLight: number;
  backLight: number;
  /** Rolling shutter: horizontal pixels the card moves while the rows are read, top row to bottom. */
  shutterSkew: number;
  /** A fingertip over the card's edge next to the code: how far it reaches into the quiet zone, in modules (0 = none). */
  fingerModules: number;
  /** Side of the code the finger comes from: 0 right, 1 bottom, 2 left, 3 top. */
  fingerSide: number;
  seed: number;
}

/** The drawn frame, and where the code's corners fell in it (none for a card without a code). */
export interface RenderedScene {
  planes: Planes;
  codeCorners: [number, number][];
}

const QR_CORNERS: readonly [number, number][] = [
  [QR_X, QR_Y],
  [QR_X + QR_MM, QR_Y],
  [QR_X + QR_MM, QR_Y + QR_MM],
  [QR_X, QR_Y + QR_MM],
];

/** The card's pose: card millimetres to frame pixels, through the bow and a pinhole camera. */
interface Camera {
  /** Projects card point (u, v) into `out` as frame x, y. */
  project(u: number, v: number, out: Float64Array): void;
}

/** Card placement solved so the code lands where and as large as the scene asks. */
function placeCamera(s: CounterScene, modules: number): Camera {
  const focal = 0.85 * s.width;
  const rad = Math.PI / 180;
  const distance = (focal * (QR_MM / modules)) / s.pxPerModule;
  const roll = s.rollDeg * rad;
  const tilt = s.tiltDeg * rad;
  const axis = s.tiltAxisDeg * rad;
  // Rotation: roll in the card's plane, then tilt about an in-plane axis (Rodrigues' formula).
  const [kx, ky] = [Math.cos(axis), Math.sin(axis)];
  const ct = Math.cos(tilt);
  const st = Math.sin(tilt);
  const tiltM = [
    [ct + kx * kx * (1 - ct), kx * ky * (1 - ct), ky * st],
    [kx * ky * (1 - ct), ct + ky * ky * (1 - ct), -kx * st],
    [-ky * st, kx * st, ct],
  ];
  const rollM = [
    [Math.cos(roll), -Math.sin(roll), 0],
    [Math.sin(roll), Math.cos(roll), 0],
    [0, 0, 1],
  ];
  const m = Array.from({ length: 9 }, (_, k) => {
    const [i, j] = [Math.floor(k / 3), k % 3];
    return [0, 1, 2].reduce((sum, l) => sum + (tiltM[i]?.[l] ?? 0) * (rollM[l]?.[j] ?? 0), 0);
  });
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = m.map((v) => v ?? 0) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const qrCu = QR_X + QR_MM / 2;
  const qrCv = QR_Y + QR_MM / 2;
  const tx = ((s.at[0] - 0.5) * s.width * distance) / focal;
  const ty = ((s.at[1] - 0.5) * s.height * distance) / focal;
  const cx = s.width / 2;
  const cy = s.height / 2;
  const bowMm = s.bowMm;
  return {
    project(u, v, out) {
      // The bow: a parabola across the card's width, zero at its ends, `bowMm` at its middle.
      const t = (2 * u) / CARD_W - 1;
      const a = u - qrCu;
      const b = v - qrCv;
      const c = -bowMm * (1 - t * t);
      const z = m6 * a + m7 * b + m8 * c + distance;
      out[0] = cx + (focal * (m0 * a + m1 * b + m2 * c + tx)) / z;
      out[1] = cy + (focal * (m3 * a + m4 * b + m5 * c + ty)) / z;
    },
  };
}

/** Pre-rendered card face outside the code: colour planes at TEX texels per millimetre. */
interface Face {
  w: number;
  h: number;
  planes: Planes;
}

function paintFace(rng: Rng): Face {
  const w = Math.ceil(CARD_W * TEX);
  const h = Math.ceil(CARD_H * TEX);
  const p = makePlanes(w, h);
  const set = (x: number, y: number, c: readonly number[], a = 1) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const i = y * w + x;
    p.r[i] = (p.r[i] ?? 0) * (1 - a) + (c[0] ?? 0) * a;
    p.g[i] = (p.g[i] ?? 0) * (1 - a) + (c[1] ?? 0) * a;
    p.b[i] = (p.b[i] ?? 0) * (1 - a) + (c[2] ?? 0) * a;
  };
  // Security print: a pale colour wash under fine wavy guilloche lines about 0.35 mm apart.
  const period = rng.range(0.3, 0.45);
  const wave = rng.range(1.5, 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / TEX;
      const v = y / TEX;
      const wash = 0.5 + 0.5 * Math.sin(u / 17 + v / 11);
      const line = Math.sin((2 * Math.PI * (v + wave * Math.sin(u / 4))) / period);
      const ink = line > 0.6 ? 28 : 0;
      set(x, y, [226 + 12 * wash - ink, 222 - 6 * wash - ink * 0.6, 214 + 20 * (1 - wash) - ink * 0.3]);
    }
  }
  const box = (u0: number, v0: number, uw: number, vh: number, c: readonly number[], a = 1) => {
    for (let y = Math.round(v0 * TEX); y < Math.round((v0 + vh) * TEX); y++) {
      for (let x = Math.round(u0 * TEX); x < Math.round((u0 + uw) * TEX); x++) set(x, y, c, a);
    }
  };
  // Portrait: a blue backdrop, shoulders, a face and hair, softly shaded.
  box(4, 15, 20, 26, [150, 180, 215]);
  const ellipse = (cu: number, cv: number, ru: number, rv: number, c: readonly number[]) => {
    for (let y = Math.round((cv - rv) * TEX); y <= Math.round((cv + rv) * TEX); y++) {
      for (let x = Math.round((cu - ru) * TEX); x <= Math.round((cu + ru) * TEX); x++) {
        const d = ((x / TEX - cu) / ru) ** 2 + ((y / TEX - cv) / rv) ** 2;
        if (d <= 1 && y / TEX >= 15 && y / TEX < 41 && x / TEX >= 4 && x / TEX < 24)
          set(x, y, c, 1 - 0.25 * d);
      }
    }
  };
  const shirt = rng.pick([
    [40, 40, 60],
    [220, 220, 225],
    [60, 70, 110],
  ]);
  ellipse(14, 43, 11, 9, shirt);
  ellipse(14, 26, 5.5, 7, [222, 182, 150]);
  ellipse(14, 21.5, 6, 4, [30, 24, 22]);
  // The chip: gold contacts with dark gaps.
  box(26, 20, 11, 9, [205, 170, 90]);
  for (const [u0, v0, uw, vh] of [
    [26, 23, 11, 0.3],
    [26, 26, 11, 0.3],
    [31.3, 20, 0.3, 9],
  ] as const)
    box(u0, v0, uw, vh, [110, 85, 40]);
  // Printed text: words as runs of glyph strokes, a heading, field labels and values.
  const glyphs = (u0: number, v0: number, length: number, height: number, c: readonly number[]) => {
    let u = u0;
    while (u < u0 + length) {
      const word = rng.int(2, 7);
      for (let k = 0; k < word && u < u0 + length; k++) {
        const gw = height * rng.range(0.45, 0.8);
        const stroke = Math.max(0.12, height * 0.14);
        // A glyph: a stem or two, a bar, sometimes a dot (diacritics) above.
        box(u, v0, stroke, height, c);
        if (rng.next() < 0.6) box(u + gw - stroke, v0 + height * rng.range(0, 0.4), stroke, height * 0.6, c);
        box(u, v0 + height * rng.pick([0, 0.45, 0.85]), gw, stroke, c);
        if (rng.next() < 0.35) box(u + gw * 0.3, v0 - height * 0.35, stroke * 1.5, stroke, c);
        u += gw + height * 0.18;
      }
      u += height * 0.6;
    }
  };
  glyphs(20, 3, 32, 1.8, [180, 30, 30]);
  glyphs(22, 6.5, 30, 1.5, [160, 30, 30]);
  glyphs(24, 10, 38, 2.4, [20, 20, 70]);
  for (let line = 0; line < 6; line++) {
    const v = 23 + line * 4.6;
    if (v > 50) break;
    glyphs(39, v, rng.range(8, 16), 1.3, [70, 70, 90]);
    glyphs(39, v + 1.9, rng.range(14, 44), 1.8, [15, 15, 25]);
  }
  return { w, h, planes: p };
}

/** The desk and room behind the card: wood or laminate, a keyboard's keys, cables, a window. */
function paintBackground(s: CounterScene, rng: Rng): Planes {
  const { width: w, height: h } = s;
  const p = makePlanes(w, h);
  const base = rng.pick([
    [150, 110, 75],
    [190, 185, 175],
    [90, 90, 95],
  ]);
  const grain = rng.range(0.02, 0.06);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const g = 1 + 0.12 * Math.sin(y * grain + 3 * Math.sin(x * 0.01)) + 0.05 * Math.sin(x * 0.7 + y * 0.05);
      p.r[i] = (base[0] ?? 0) * g;
      p.g[i] = (base[1] ?? 0) * g;
      p.b[i] = (base[2] ?? 0) * g;
    }
  }
  const keys = rng.int(0, 40);
  const keyRow = rng.range(0.6, 0.9) * h;
  const key = 0.035 * w;
  for (let k = 0; k < keys; k++) {
    const x0 = Math.round((k % 14) * key * 1.1 + rng.range(0, 4));
    const y0 = Math.round(keyRow + Math.floor(k / 14) * key * 1.1);
    for (let y = y0; y < Math.min(h, y0 + key); y++) {
      for (let x = x0; x < Math.min(w, x0 + key); x++) {
        const edge = x - x0 < 2 || y - y0 < 2 || x0 + key - x < 2 || y0 + key - y < 2;
        const c = edge ? 15 : 45;
        const i = y * w + x;
        p.r[i] = c;
        p.g[i] = c;
        p.b[i] = c;
      }
    }
  }
  for (let c = rng.int(0, 3); c > 0; c--) {
    const y0 = rng.range(0, h);
    const slope = rng.range(-0.3, 0.3);
    const thick = rng.range(2, 6) * (w / 640);
    for (let x = 0; x < w; x++) {
      const yc = y0 + slope * x + 20 * Math.sin(x / 90);
      for (let y = Math.max(0, Math.round(yc - thick)); y < Math.min(h, Math.round(yc + thick)); y++) {
        const i = y * w + x;
        p.r[i] = 25;
        p.g[i] = 25;
        p.b[i] = 28;
      }
    }
  }
  if (s.backLight > 1) {
    // A bright window fills the upper part of the view.
    const edge = rng.range(0.35, 0.6) * h;
    for (let y = 0; y < h; y++) {
      const a = Math.min(1, Math.max(0, (edge - y) / (0.1 * h) + 0.5));
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        p.r[i] = (p.r[i] ?? 0) * (1 - a) + 250 * a;
        p.g[i] = (p.g[i] ?? 0) * (1 - a) + 252 * a;
        p.b[i] = (p.b[i] ?? 0) * (1 - a) + 255 * a;
      }
    }
  }
  return p;
}

/** Solves the 3×3 projective map from four card points to four frame points. */
function solveHomography(src: readonly [number, number][], dst: readonly [number, number][]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i] ?? [0, 0];
    const [X, Y] = dst[i] ?? [0, 0];
    a.push([x, y, 1, 0, 0, 0, -X * x, -X * y, X]);
    a.push([0, 0, 0, x, y, 1, -Y * x, -Y * y, Y]);
  }
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[pivot]?.[c] ?? 0)) pivot = r;
    const pr = a[pivot] ?? [];
    a[pivot] = a[c] ?? [];
    a[c] = pr;
    for (let r = 0; r < 8; r++) {
      const row = a[r];
      if (r === c || row === undefined) continue;
      const f = (row[c] ?? 0) / (pr[c] ?? 1);
      for (let k = c; k < 9; k++) row[k] = (row[k] ?? 0) - f * (pr[k] ?? 0);
    }
  }
  return [...Array.from({ length: 8 }, (_, i) => (a[i]?.[8] ?? 0) / (a[i]?.[i] ?? 1)), 1];
}

/**
 * Renders the scene through the camera at 3×3 samples per pixel. The card is not flat when bowed,
 * so each sample finds its card point from the flat card's map and corrects it twice for the bow.
 */
export function renderCounterScene(s: CounterScene, rng: Rng): RenderedScene {
  const qr = s.text === null ? null : encodeQr(s.text, s.ecLevel);
  const modules = qr?.size ?? 45;
  const cam = placeCamera(s, modules);
  const scratch = new Float64Array(2);
  const project = (u: number, v: number): [number, number] => {
    cam.project(u, v, scratch);
    return [scratch[0] ?? 0, scratch[1] ?? 0];
  };
  const cardCorners: [number, number][] = [
    [0, 0],
    [CARD_W, 0],
    [CARD_W, CARD_H],
    [0, CARD_H],
  ];
  // A flat card through the bow's two ends stands in for the first guess.
  const flat = cardCorners.map(([u, v]) => project(u, v));
  const inv = solveHomography(flat, cardCorners);
  const face = paintFace(rng);
  const back = paintBackground(s, rng);
  const out = makePlanes(s.width, s.height);
  const moduleMm = QR_MM / modules;
  const finger = fingerShape(s, project, moduleMm);
  const samples = [0.25, 0.75];
  const colour = new Float64Array(3);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = inv.map((v) => v ?? 0) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let y = 0; y < s.height; y++) {
    // The rolling shutter reads this row later than the top one; the card has moved on by then.
    const skew = (s.shutterSkew * y) / s.height;
    for (let x = 0; x < s.width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const oy of samples) {
        for (const ox of samples) {
          const px = x + ox - skew;
          const py = y + oy;
          sampleScene(px, py, x + ox, py);
          r += colour[0] ?? 0;
          g += colour[1] ?? 0;
          b += colour[2] ?? 0;
        }
      }
      const i = y * s.width + x;
      out.r[i] = r / 4;
      out.g[i] = g / 4;
      out.b[i] = b / 4;
    }
  }
  const codeCorners = qr === null ? [] : QR_CORNERS.map(([u, v]) => project(u, v));
  return { planes: out, codeCorners };

  function paint(r: number, g: number, b: number): void {
    colour[0] = r;
    colour[1] = g;
    colour[2] = b;
  }

  function sampleScene(px: number, py: number, fx: number, fy: number): void {
    if (finger(fx, fy)) {
      // The finger is lit like the card but is skin, with its own soft shading.
      const shade = (0.85 + 0.15 * Math.sin(fx * 0.05 + fy * 0.03)) * s.cardLight;
      paint(205 * shade, 150 * shade, 125 * shade);
      return;
    }
    const w = h6 * px + h7 * py + h8;
    const u0 = (h0 * px + h1 * py + h2) / w;
    const v0 = (h3 * px + h4 * py + h5) / w;
    let u = u0;
    let v = v0;
    if (s.bowMm !== 0) {
      // Newton steps with the flat card's map standing in for the bowed card's local map.
      for (let k = 0; k < 2; k++) {
        cam.project(u, v, scratch);
        const qx = scratch[0] ?? 0;
        const qy = scratch[1] ?? 0;
        const qw = h6 * qx + h7 * qy + h8;
        u += u0 - (h0 * qx + h1 * qy + h2) / qw;
        v += v0 - (h3 * qx + h4 * qy + h5) / qw;
      }
    }
    if (u < 0 || v < 0 || u >= CARD_W || v >= CARD_H) {
      const bi =
        Math.min(s.height - 1, Math.max(0, Math.floor(fy))) * s.width +
        Math.min(s.width - 1, Math.max(0, Math.floor(fx)));
      paint(
        (back.r[bi] ?? 0) * s.backLight,
        (back.g[bi] ?? 0) * s.backLight,
        (back.b[bi] ?? 0) * s.backLight,
      );
      return;
    }
    const qu = (u - QR_X) / moduleMm;
    const qv = (v - QR_Y) / moduleMm;
    if (qr !== null && qu >= -QUIET && qv >= -QUIET && qu < modules + QUIET && qv < modules + QUIET) {
      const inside = qu >= 0 && qv >= 0 && qu < modules && qv < modules;
      const dark = inside && qr.dark[Math.floor(qv) * modules + Math.floor(qu)] === 1;
      const level = (dark !== s.inverted ? s.ink : s.paper) * s.cardLight;
      paint(level, level, level * 0.98);
      return;
    }
    const ti = Math.min(face.h - 1, Math.floor(v * TEX)) * face.w + Math.min(face.w - 1, Math.floor(u * TEX));
    paint(
      (face.planes.r[ti] ?? 0) * s.cardLight,
      (face.planes.g[ti] ?? 0) * s.cardLight,
      (face.planes.b[ti] ?? 0) * s.cardLight,
    );
  }
}

/**
 * A fingertip holding the card: a rounded bar coming in from outside the card, its tip
 * `fingerModules` modules into the code's quiet zone (or past it), drawn in frame space.
 */
function fingerShape(
  s: CounterScene,
  project: (u: number, v: number) => [number, number],
  moduleMm: number,
): (x: number, y: number) => boolean {
  if (s.fingerModules <= 0) return () => false;
  const reach = QUIET - s.fingerModules;
  const mid = QR_MM / 2;
  // Tip and base of the finger in card millimetres, then in the frame.
  const [tip, base] = [
    [
      [QR_X + QR_MM + reach * moduleMm, QR_Y + mid * 0.8],
      [CARD_W + 30, QR_Y + mid * 0.8],
    ],
    [
      [QR_X + mid * 1.1, QR_Y + QR_MM + reach * moduleMm],
      [QR_X + mid * 1.1, CARD_H + 30],
    ],
    [
      [QR_X - reach * moduleMm, QR_Y + mid * 1.2],
      [QR_X - 40, QR_Y + mid * 1.2],
    ],
    [
      [QR_X + mid * 0.9, QR_Y - reach * moduleMm],
      [QR_X + mid * 0.9, QR_Y - 30],
    ],
  ][s.fingerSide % 4] ?? [
    [0, 0],
    [0, 0],
  ];
  const tipAt = project(tip?.[0] ?? 0, tip?.[1] ?? 0);
  const b = project(base?.[0] ?? 0, base?.[1] ?? 0);
  // A finger about 16 mm wide at the card's scale; its rounded front edge is at the tip point.
  const radius = Math.hypot(...sub(project(0, 0), project(8, 0)));
  const along = sub(tipAt, b);
  const length = Math.hypot(...along);
  const a: [number, number] = [
    tipAt[0] + (along[0] * radius) / length,
    tipAt[1] + (along[1] * radius) / length,
  ];
  const ab = sub(a, b);
  const len2 = ab[0] * ab[0] + ab[1] * ab[1];
  return (x, y) => {
    const t = Math.min(1, Math.max(0, ((x - a[0]) * ab[0] + (y - a[1]) * ab[1]) / len2));
    return Math.hypot(x - a[0] - t * ab[0], y - a[1] - t * ab[1]) < radius;
  };
}

function sub(p: [number, number], q: [number, number]): [number, number] {
  return [q[0] - p[0], q[1] - p[1]];
}
