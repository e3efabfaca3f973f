import qrcode from "qrcode-generator";
import { createRng, type Rng } from "./prng.ts";

/** An RGBA image laid out like canvas `getImageData()`: 4 bytes per pixel, rows top to bottom. */
export interface RgbaFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The hard conditions a webcam frame of a held-up card can show, one stressed per generated frame. */
export type HardCase = "small" | "tilted" | "blurred" | "noisy" | "dim" | "glare";

/** Every hard case, in a fixed order so that seeds map to the same frames on every run. */
export const HARD_CASES: readonly HardCase[] = ["small", "tilted", "blurred", "noisy", "dim", "glare"];

/** QR error correction level as printed on the card. */
export type EcLevel = "L" | "M" | "Q" | "H";

/** A bright spot added on top of the scene, in frame pixels. */
interface Glare {
  x: number;
  y: number;
  radius: number;
  strength: number;
}

/** Everything that decides how one synthetic webcam frame of a card looks. */
export interface CardScene {
  width: number;
  height: number;
  /** QR payload; null draws the card without a QR (a no-code frame). */
  text: string | null;
  ecLevel: EcLevel;
  /** Size of one QR module in frame pixels at the card centre, before tilt. */
  moduleSize: number;
  /** Card centre in the frame, in pixels. */
  centerX: number;
  centerY: number;
  rotationDeg: number;
  /** Out-of-plane tilt around the card's horizontal and vertical axes, giving perspective. */
  tiltXDeg: number;
  tiltYDeg: number;
  /** Box blur radius in pixels, applied twice; 0 keeps the frame sharp. */
  blurRadius: number;
  /** Standard deviation of the added sensor noise, in 8-bit levels. */
  noiseSigma: number;
  /** Exposure: every channel becomes `value * gain + offset`. */
  gain: number;
  offset: number;
  glare: Glare | null;
  /** Drives the clutter, the printed text blocks and the noise. */
  seed: number;
  /**
   * Share of the QR's modules outside its three finder patterns printed the wrong way (a worn,
   * scratched or badly printed code): the symbol is still found, but cannot be read. Default 0.
   */
  damage?: number;
}

/** Card size in millimetres (ID-1, as the chip CCCD). */
const CARD_W = 85.6;
const CARD_H = 54;
/** QR side on the synthetic card; larger than on a real CCCD so that a readable QR can still sit on a card that is small in the frame. */
const QR_MM = 28;
const QR_X0 = CARD_W - 3.5 - QR_MM;
const QR_Y0 = 4;
/** Texels per millimetre of the pre-rendered card face (everything except the QR, which is sampled exactly). */
const TEX_PER_MM = 8;

interface QrMatrix {
  size: number;
  dark: Uint8Array;
}

/**
 * Encodes text as a QR matrix in byte mode with the text's UTF-8 bytes, as the CCCD does.
 * Version is the smallest that fits.
 */
export function encodeQr(text: string, ecLevel: EcLevel): QrMatrix {
  const qr = qrcode(0, ecLevel);
  // The library maps each char code to one byte, so hand it the UTF-8 bytes one per char.
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  qr.addData(binary, "Byte");
  qr.make();
  const size = qr.getModuleCount();
  const dark = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) dark[r * size + c] = qr.isDark(r, c) ? 1 : 0;
  }
  return { size, dark };
}

/** Flips a seeded share of the modules outside the finder patterns (and their separators). */
function damageQr(qr: QrMatrix, scene: CardScene): QrMatrix {
  const share = scene.damage ?? 0;
  if (share <= 0) return qr;
  const rng = createRng(scene.seed ^ 0x5ca7c4ed);
  const { size } = qr;
  const dark = Uint8Array.from(qr.dark);
  const inFinder = (r: number, c: number) => (r < 8 && (c < 8 || c >= size - 8)) || (r >= size - 8 && c < 8);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (!inFinder(r, c) && rng.next() < share) dark[r * size + c] = dark[r * size + c] === 1 ? 0 : 1;
  return { size, dark };
}

type Mat3 = [number, number, number, number, number, number, number, number, number];

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const k = 1 / det;
  return [
    A * k,
    -(b * i - c * h) * k,
    (b * f - c * e) * k,
    B * k,
    (a * i - c * g) * k,
    -(a * f - c * d) * k,
    C * k,
    -(a * h - b * g) * k,
    (a * e - b * d) * k,
  ];
}

/** Homography from card millimetres to frame pixels for a pinhole camera looking at the tilted card. */
function cardToFrame(scene: CardScene, modules: number): Mat3 {
  const s = (scene.moduleSize * modules) / QR_MM;
  const rad = Math.PI / 180;
  const [ax, ay, az] = [scene.tiltXDeg * rad, scene.tiltYDeg * rad, scene.rotationDeg * rad];
  // Columns of Rz * Ry * Rx that multiply the card's x and y axes.
  const cx = Math.cos(ax);
  const sx = Math.sin(ax);
  const cy = Math.cos(ay);
  const sy = Math.sin(ay);
  const cz = Math.cos(az);
  const sz = Math.sin(az);
  const r1 = [cz * cy, sz * cy, -sy];
  const r2 = [cz * sy * sx - sz * cx, sz * sy * sx + cz * cx, cy * sx];
  const f = 1.1 * Math.max(scene.width, scene.height);
  const uc = CARD_W / 2;
  const vc = CARD_H / 2;
  const col = (i: number): [number, number, number] => {
    const x = s * (r1[i] ?? 0);
    const y = s * (r2[i] ?? 0);
    return [x, y, -(uc * x + vc * y)];
  };
  const [px, py, pz] = [col(0), col(1), col(2)];
  pz[2] += f;
  // Multiply by the intrinsics [[f,0,cx],[0,f,cy],[0,0,1]].
  const row = (p: [number, number, number], q: [number, number, number], c: number) =>
    [f * p[0] + c * q[0], f * p[1] + c * q[1], f * p[2] + c * q[2]] as const;
  const rx = row(px, pz, scene.centerX);
  const ry = row(py, pz, scene.centerY);
  return [rx[0], rx[1], rx[2], ry[0], ry[1], ry[2], pz[0], pz[1], pz[2]];
}

function project(h: Mat3, u: number, v: number): [number, number] {
  const w = h[6] * u + h[7] * v + h[8];
  return [(h[0] * u + h[1] * v + h[2]) / w, (h[3] * u + h[4] * v + h[5]) / w];
}

/** A float RGB image in three planes, so blur and exposure can work before rounding. */
interface Planes {
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

function fillRect(
  tex: Planes,
  tw: number,
  th: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  rgb: readonly [number, number, number],
): void {
  const xa = Math.max(0, Math.floor(x0));
  const ya = Math.max(0, Math.floor(y0));
  const xb = Math.min(tw, Math.ceil(x1));
  const yb = Math.min(th, Math.ceil(y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const i = y * tw + x;
      tex.r[i] = rgb[0];
      tex.g[i] = rgb[1];
      tex.b[i] = rgb[2];
    }
  }
}

function fillEllipse(
  img: Planes,
  w: number,
  h: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  rgb: readonly [number, number, number],
): void {
  const ya = Math.max(0, Math.floor(cy - ry));
  const yb = Math.min(h, Math.ceil(cy + ry));
  const xa = Math.max(0, Math.floor(cx - rx));
  const xb = Math.min(w, Math.ceil(cx + rx));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      if (dx * dx + dy * dy > 1) continue;
      const i = y * w + x;
      img.r[i] = rgb[0];
      img.g[i] = rgb[1];
      img.b[i] = rgb[2];
    }
  }
}

/** Pre-renders the card face: tinted guilloche background, emblem, photo and lines of "printed text". */
function renderCardFace(rng: Rng, withQr: boolean): { tex: Planes; tw: number; th: number } {
  const tw = Math.round(CARD_W * TEX_PER_MM);
  const th = Math.round(CARD_H * TEX_PER_MM);
  const n = tw * th;
  const tex: Planes = { r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  const phase = rng.range(0, 6.28);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      // Faint wavy security print, as on the real card's background.
      const wave = 6 * Math.sin(x * 0.09 + 4 * Math.sin(y * 0.02 + phase));
      const i = y * tw + x;
      tex.r[i] = 222 + wave;
      tex.g[i] = 230 + wave;
      tex.b[i] = 236 + wave * 0.5;
    }
  }
  const mm = TEX_PER_MM;
  const qrLeft = withQr ? QR_X0 - 2 : CARD_W - 4;
  if (withQr)
    fillRect(tex, tw, th, qrLeft * mm, (QR_Y0 - 1.5) * mm, tw, (QR_Y0 + QR_MM + 1.5) * mm, [246, 247, 248]);
  fillEllipse(tex, tw, th, 9 * mm, 9 * mm, 5.5 * mm, 5.5 * mm, [196, 38, 42]);
  fillEllipse(tex, tw, th, 9 * mm, 9 * mm, 2 * mm, 2 * mm, [236, 200, 60]);
  fillRect(tex, tw, th, 3 * mm, 19 * mm, 20 * mm, 44 * mm, [150, 160, 172]);
  fillEllipse(tex, tw, th, 11.5 * mm, 28 * mm, 5 * mm, 6.5 * mm, [200, 172, 150]);
  const ink: [number, number, number] = [rng.int(25, 60), rng.int(25, 60), rng.int(40, 80)];
  const writeLine = (x0: number, x1: number, y: number, tall: number) => {
    let x = x0;
    while (x < x1) {
      const word = rng.range(1.5, 7);
      fillRect(tex, tw, th, x * mm, y * mm, Math.min(x + word, x1) * mm, (y + tall) * mm, ink);
      x += word + rng.range(0.8, 1.6);
    }
  };
  writeLine(16, qrLeft - 1.5, 4, 1.6);
  writeLine(18, qrLeft - 3, 7.5, 1.3);
  writeLine(20, qrLeft - 5, 11, 2);
  for (let y = 19; y < 50; y += rng.range(3.2, 4.4)) {
    const right = y > QR_Y0 + QR_MM + 2 || !withQr ? CARD_W - 4 : qrLeft - 1.5;
    writeLine(23, rng.range(Math.min(40, right), right), y, rng.range(1.2, 1.9));
  }
  return { tex, tw, th };
}

/** Desk-like background: two-tone gradient, coloured boxes and stripes, a hand-coloured blob and dark text bars. */
function renderClutter(img: Planes, w: number, h: number, rng: Rng): void {
  const top = [rng.int(60, 200), rng.int(60, 200), rng.int(60, 200)];
  const bottom = [rng.int(30, 170), rng.int(30, 170), rng.int(30, 170)];
  for (let y = 0; y < h; y++) {
    const t = y / h;
    const r = (top[0] ?? 0) * (1 - t) + (bottom[0] ?? 0) * t;
    const g = (top[1] ?? 0) * (1 - t) + (bottom[1] ?? 0) * t;
    const b = (top[2] ?? 0) * (1 - t) + (bottom[2] ?? 0) * t;
    img.r.fill(r, y * w, (y + 1) * w);
    img.g.fill(g, y * w, (y + 1) * w);
    img.b.fill(b, y * w, (y + 1) * w);
  }
  const color = (): [number, number, number] => [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  const boxes = rng.int(6, 16);
  for (let k = 0; k < boxes; k++) {
    const bw = rng.range(0.05, 0.35) * w;
    const bh = rng.range(0.05, 0.35) * h;
    const x0 = rng.range(-0.1, 1) * w;
    const y0 = rng.range(-0.1, 1) * h;
    if (rng.next() < 0.3) {
      // Striped box: runs of dark and light that a finder-pattern scanner has to reject.
      const stripe = rng.range(2, 9);
      const a = color();
      const c = color();
      for (let x = x0; x < x0 + bw; x += stripe) {
        fillRect(img, w, h, x, y0, x + stripe / 2, y0 + bh, a);
        fillRect(img, w, h, x + stripe / 2, y0, x + stripe, y0 + bh, c);
      }
    } else {
      fillRect(img, w, h, x0, y0, x0 + bw, y0 + bh, color());
    }
  }
  const blobs = rng.int(1, 4);
  for (let k = 0; k < blobs; k++) {
    const skin: [number, number, number] = [rng.int(170, 230), rng.int(120, 170), rng.int(90, 140)];
    fillEllipse(
      img,
      w,
      h,
      rng.range(0, w),
      rng.range(0, h),
      rng.range(0.05, 0.2) * w,
      rng.range(0.05, 0.2) * h,
      skin,
    );
  }
  const bars = rng.int(5, 25);
  const bx = rng.range(0, 0.7) * w;
  const by = rng.range(0, 0.7) * h;
  const tall = rng.range(3, 10);
  for (let k = 0; k < bars; k++) {
    const y = by + k * tall * 1.8;
    let x = bx;
    const end = bx + rng.range(0.1, 0.3) * w;
    while (x < end) {
      const word = rng.range(tall, tall * 5);
      fillRect(img, w, h, x, y, x + word, y + tall, [20, 20, 25]);
      x += word + tall;
    }
  }
}

function boxBlurPlane(src: Float32Array, tmp: Float32Array, w: number, h: number, r: number): void {
  const span = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += src[row + Math.min(w - 1, Math.max(0, k))] ?? 0;
    for (let x = 0; x < w; x++) {
      tmp[row + x] = acc / span;
      acc += (src[row + Math.min(w - 1, x + r + 1)] ?? 0) - (src[row + Math.max(0, x - r)] ?? 0);
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += tmp[Math.min(h - 1, Math.max(0, k)) * w + x] ?? 0;
    for (let y = 0; y < h; y++) {
      src[y * w + x] = acc / span;
      acc += (tmp[Math.min(h - 1, y + r + 1) * w + x] ?? 0) - (tmp[Math.max(0, y - r) * w + x] ?? 0);
    }
  }
}

/** Where the QR's four corners land in the frame, for placing the card and for tests. */
export function qrCornersInFrame(scene: CardScene, modules: number): [number, number][] {
  const h = cardToFrame(scene, modules);
  return [
    project(h, QR_X0, QR_Y0),
    project(h, QR_X0 + QR_MM, QR_Y0),
    project(h, QR_X0 + QR_MM, QR_Y0 + QR_MM),
    project(h, QR_X0, QR_Y0 + QR_MM),
  ];
}

/** Renders one synthetic webcam frame of a card described by `scene`. Same scene, same pixels. */
export function renderCardFrame(scene: CardScene): RgbaFrame {
  const { width: w, height: h } = scene;
  const rng = createRng(scene.seed);
  const n = w * h;
  const img: Planes = { r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  renderClutter(img, w, h, rng);

  const qr = scene.text === null ? null : damageQr(encodeQr(scene.text, scene.ecLevel), scene);
  const modules = qr?.size ?? 41;
  const { tex, tw, th } = renderCardFace(rng, qr !== null);
  const fwd = cardToFrame(scene, modules);
  const inv = invert3(fwd);
  const corners = [
    project(fwd, 0, 0),
    project(fwd, CARD_W, 0),
    project(fwd, CARD_W, CARD_H),
    project(fwd, 0, CARD_H),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(w - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(h - 1, Math.ceil(Math.max(...ys)));
  const moduleMm = QR_MM / modules;
  const qrInk = rng.int(15, 45);
  const qrPaper = 246;
  // 2x2 supersampling per pixel anti-aliases the module edges like a lens would.
  const offsets = [0.25, 0.75];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (const oy of offsets) {
        for (const ox of offsets) {
          const px = x + ox;
          const py = y + oy;
          const wz = inv[6] * px + inv[7] * py + inv[8];
          const u = (inv[0] * px + inv[1] * py + inv[2]) / wz;
          const v = (inv[3] * px + inv[4] * py + inv[5]) / wz;
          if (u < 0 || v < 0 || u >= CARD_W || v >= CARD_H) continue;
          hits++;
          const qu = (u - QR_X0) / moduleMm;
          const qv = (v - QR_Y0) / moduleMm;
          if (qr !== null && qu >= 0 && qv >= 0 && qu < modules && qv < modules) {
            const c = qr.dark[Math.floor(qv) * modules + Math.floor(qu)] === 1 ? qrInk : qrPaper;
            r += c;
            g += c;
            b += c;
            continue;
          }
          const ti =
            Math.min(th - 1, Math.floor(v * TEX_PER_MM)) * tw + Math.min(tw - 1, Math.floor(u * TEX_PER_MM));
          r += tex.r[ti] ?? 0;
          g += tex.g[ti] ?? 0;
          b += tex.b[ti] ?? 0;
        }
      }
      if (hits === 0) continue;
      const i = y * w + x;
      const keep = (4 - hits) / 4;
      img.r[i] = (img.r[i] ?? 0) * keep + r / 4;
      img.g[i] = (img.g[i] ?? 0) * keep + g / 4;
      img.b[i] = (img.b[i] ?? 0) * keep + b / 4;
    }
  }

  if (scene.blurRadius > 0) {
    const tmp = new Float32Array(n);
    for (const plane of [img.r, img.g, img.b]) {
      boxBlurPlane(plane, tmp, w, h, scene.blurRadius);
      boxBlurPlane(plane, tmp, w, h, scene.blurRadius);
    }
  }

  const out = new Uint8ClampedArray(n * 4);
  const cx = w / 2;
  const cy = h / 2;
  const maxR2 = cx * cx + cy * cy;
  const glare = scene.glare;
  const sigma2 = glare ? 2 * glare.radius * glare.radius : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      // Lens vignetting darkens the corners a little.
      const vignette = 1 - (0.25 * ((x - cx) * (x - cx) + (y - cy) * (y - cy))) / maxR2;
      const gain = scene.gain * vignette;
      let add = scene.offset;
      if (glare) {
        const dx = x - glare.x;
        const dy = y - glare.y;
        add += glare.strength * Math.exp(-(dx * dx + dy * dy) / sigma2);
      }
      const luma = scene.noiseSigma > 0 ? rng.gauss(scene.noiseSigma) : 0;
      const chroma = scene.noiseSigma * 0.3;
      const o = i * 4;
      out[o] = (img.r[i] ?? 0) * gain + add + luma + (chroma > 0 ? rng.gauss(chroma) : 0);
      out[o + 1] = (img.g[i] ?? 0) * gain + add + luma + (chroma > 0 ? rng.gauss(chroma) : 0);
      out[o + 2] = (img.b[i] ?? 0) * gain + add + luma + (chroma > 0 ? rng.gauss(chroma) : 0);
      out[o + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

/** Mild defaults that every case starts from: a sharp, well lit, slightly turned card. */
function baseScene(width: number, height: number, text: string | null, rng: Rng, seed: number): CardScene {
  return {
    width,
    height,
    text,
    ecLevel: rng.pick(["L", "M", "M", "Q"] as const),
    moduleSize: rng.range(3.5, 5),
    centerX: width / 2,
    centerY: height / 2,
    rotationDeg: rng.range(-12, 12),
    tiltXDeg: rng.range(-8, 8),
    tiltYDeg: rng.range(-8, 8),
    blurRadius: rng.pick([0, 0, 1]),
    noiseSigma: rng.range(2, 5),
    gain: rng.range(0.85, 1),
    offset: rng.range(0, 10),
    glare: null,
    seed,
  };
}

/** Puts the card where the QR lies wholly in the frame, near the centre as when a patient aims at the guide. */
function placeCard(scene: CardScene, rng: Rng): CardScene {
  const modules = scene.text === null ? 41 : encodeQr(scene.text, scene.ecLevel).size;
  let placed = scene;
  for (let attempt = 0; attempt < 20; attempt++) {
    const corners = qrCornersInFrame({ ...placed, centerX: 0, centerY: 0 }, modules);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    const margin = 0.04 * Math.min(scene.width, scene.height);
    const loX = margin - Math.min(...xs);
    const hiX = scene.width - margin - Math.max(...xs);
    const loY = margin - Math.min(...ys);
    const hiY = scene.height - margin - Math.max(...ys);
    if (loX <= hiX && loY <= hiY) {
      const midX = (loX + hiX) / 2;
      const midY = (loY + hiY) / 2;
      const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
      return {
        ...placed,
        centerX: clamp(midX + rng.gauss(0.12 * scene.width), loX, hiX),
        centerY: clamp(midY + rng.gauss(0.12 * scene.height), loY, hiY),
      };
    }
    placed = { ...placed, moduleSize: placed.moduleSize * 0.9 };
  }
  return placed;
}

/**
 * Describes a frame that stresses one hard case, with random but seeded details. `text: null`
 * yields a card without a QR under the same conditions; `overrides` pins details before placing.
 */
export function sceneFor(
  kind: HardCase,
  text: string | null,
  width: number,
  height: number,
  seed: number,
  overrides: Partial<CardScene> = {},
): CardScene {
  const rng = createRng(seed ^ 0x9e3779b9);
  const s = baseScene(width, height, text, rng, seed);
  switch (kind) {
    case "small":
      s.moduleSize = rng.range(2.6, 3.2);
      s.blurRadius = 0;
      break;
    case "tilted":
      s.rotationDeg = rng.range(-180, 180);
      s.tiltXDeg = rng.pick([-1, 1]) * rng.range(18, 32);
      s.tiltYDeg = rng.pick([-1, 1]) * rng.range(18, 32);
      s.moduleSize = rng.range(4, 5.5);
      break;
    case "blurred":
      s.blurRadius = rng.pick([1, 2]);
      s.moduleSize = rng.range(4.5, 6);
      break;
    case "noisy":
      s.noiseSigma = rng.range(16, 26);
      s.moduleSize = rng.range(3.5, 5);
      break;
    case "dim":
      s.gain = rng.range(0.22, 0.38);
      s.offset = rng.range(2, 10);
      s.noiseSigma = rng.range(2, 4);
      break;
    case "glare":
      s.glare = { x: 0, y: 0, radius: 0, strength: rng.range(120, 190) };
      break;
  }
  const placed = placeCard({ ...s, ...overrides }, rng);
  if (placed.glare !== null && placed.text !== null) {
    // Aim the glare at the QR (off its centre) so it washes out part of the code.
    const modules = encodeQr(placed.text, placed.ecLevel).size;
    const corners = qrCornersInFrame(placed, modules);
    const qx = corners.reduce((a, c) => a + c[0], 0) / 4;
    const qy = corners.reduce((a, c) => a + c[1], 0) / 4;
    const side = Math.hypot((corners[1]?.[0] ?? 0) - qx, (corners[1]?.[1] ?? 0) - qy);
    placed.glare = {
      x: qx + rng.range(-0.5, 0.5) * side,
      y: qy + rng.range(-0.5, 0.5) * side,
      radius: rng.range(0.2, 0.35) * side,
      strength: placed.glare.strength,
    };
  } else if (placed.glare !== null) {
    placed.glare = {
      x: placed.centerX,
      y: placed.centerY,
      radius: 0.1 * width,
      strength: placed.glare.strength,
    };
  }
  return placed;
}

/** Renders a frame of the given case; shorthand for `renderCardFrame(sceneFor(...))`. */
export function renderCaseFrame(
  kind: HardCase,
  text: string | null,
  width: number,
  height: number,
  seed: number,
): RgbaFrame {
  return renderCardFrame(sceneFor(kind, text, width, height, seed));
}

/** A frame of background clutter only: no card, no code. */
export function renderClutterFrame(width: number, height: number, seed: number): RgbaFrame {
  const rng = createRng(seed);
  const n = width * height;
  const img: Planes = { r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  renderClutter(img, width, height, rng);
  const out = new Uint8ClampedArray(n * 4);
  const sigma = rng.range(2, 12);
  for (let i = 0; i < n; i++) {
    const luma = rng.gauss(sigma);
    out[i * 4] = (img.r[i] ?? 0) + luma;
    out[i * 4 + 1] = (img.g[i] ?? 0) + luma;
    out[i * 4 + 2] = (img.b[i] ?? 0) + luma;
    out[i * 4 + 3] = 255;
  }
  return { data: out, width, height };
}

/** A frame of one flat grey level (0 = black, 255 = white). */
export function renderFlatFrame(width: number, height: number, level: number): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4).fill(level);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width, height };
}
