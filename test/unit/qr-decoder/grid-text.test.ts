import jsqr from "jsqr";
import qrcode from "qrcode-generator";
import { describe, expect, it } from "vitest";
import { createRng } from "#test/support/frames/prng";
import { type EcLevel, encodeQr } from "#test/support/frames/qr-frame";
import { alignmentCentres, readGrid } from "#web/qr-decoder/grid-text";
import { qrText } from "#web/qr-decoder/qr-text";
import type { ModuleGrid } from "#web/qr-decoder/sample-grid";
import { renderForJsqr } from "#web/qr-decoder/symbol-image";

const jsQR = jsqr.default;

function textOf(length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += String.fromCharCode(33 + ((i * 37 + length) % 94));
  return out;
}

function transposed(grid: ModuleGrid): ModuleGrid {
  const { size, bits } = grid;
  const out = new Uint8Array(size * size);
  for (let v = 0; v < size; v++) for (let u = 0; u < size; u++) out[u * size + v] = bits[v * size + u] ?? 0;
  return { size, bits: out };
}

/** The grid's text as decodeFrame takes it: read directly, Kanji left to jsQR. */
function textOfGrid(grid: ModuleGrid): string | null | "kanji" {
  const read = readGrid(grid);
  return read === null || read === "kanji" ? read : qrText({ chunks: read });
}

function viaJsqr(grid: ModuleGrid): string | null {
  const img = renderForJsqr(grid);
  const result = jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
  return result === null ? null : qrText(result);
}

/** A symbol holding `segments` in the given modes, at the smallest version that fits. */
function symbolOf(
  ec: EcLevel,
  segments: ReadonlyArray<[string, "Numeric" | "Alphanumeric" | "Byte"]>,
): ModuleGrid {
  const qr = qrcode(0, ec);
  for (const [data, mode] of segments) qr.addData(data, mode);
  qr.make();
  const size = qr.getModuleCount();
  const bits = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) bits[r * size + c] = qr.isDark(r, c) ? 1 : 0;
  return { size, bits };
}

const CASES: ReadonlyArray<[EcLevel, number]> = [
  ["L", 1],
  ["H", 9],
  ["M", 14],
  ["L", 30],
  ["Q", 60],
  ["H", 80],
  ["M", 110],
  ["L", 160],
  ["M", 300],
  ["Q", 520],
  ["H", 700],
  ["L", 1200],
  ["L", 2900],
];

describe("readGrid", () => {
  for (const [ec, length] of CASES) {
    it(`reads a ${length}-byte symbol at level ${ec} exactly, as it is and mirrored`, () => {
      const text = textOf(length);
      const qr = encodeQr(text, ec);
      const grid: ModuleGrid = { size: qr.size, bits: qr.dark };
      expect(textOfGrid(grid)).toBe(text);
      expect(textOfGrid(transposed(grid))).toBe(text);
    });
  }

  it("reads numeric and alphanumeric segments beside a byte segment", () => {
    const grid = symbolOf("M", [
      ["0123456789012", "Numeric"],
      ["HELLO $%*+-./: WORLD", "Alphanumeric"],
      ["Tiếp đón", "Byte"],
    ]);
    // qrcode-generator writes a Byte segment's characters as single bytes, so the last one reads as Latin-1 bytes.
    expect(textOfGrid(grid)).toBe(viaJsqr(grid));
    expect(textOfGrid(grid)).toMatch(/^0123456789012HELLO \$%\*\+-\.\/: WORLD/);
  });

  it("reads a numeric segment of every remainder length", () => {
    for (const digits of ["7", "42", "999", "1234", "98765"]) {
      expect(textOfGrid(symbolOf("Q", [[digits, "Numeric"]]))).toBe(digits);
    }
  });

  it("corrects damaged modules as far as the code allows, and reads what jsQR reads from the redrawn symbol", {
    timeout: 60_000,
  }, () => {
    const rng = createRng(30);
    let read = 0;
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      // Up to version 15 or so: a CCCD code is version 7 to 10.
      const [ec, length] = CASES[i % 9] ?? ["M", 100];
      const text = textOf(length + i);
      const qr = encodeQr(text, ec);
      const bits = qr.dark.slice();
      const share = rng.range(0, 0.12);
      const { size } = qr;
      const version = (size - 17) / 4;
      const centres = alignmentCentres(version);
      // The sampler redraws finders, timing and alignment patterns and gates on the format bits,
      // so only data modules (and version information) are damaged.
      const fixed = (u: number, v: number) =>
        (u < 9 && v < 9) ||
        (u >= size - 8 && v < 9) ||
        (u < 9 && v >= size - 8) ||
        u === 6 ||
        v === 6 ||
        centres.some((cu) => centres.some((cv) => Math.abs(u - cu) <= 2 && Math.abs(v - cv) <= 2));
      for (let v = 0; v < size; v++) {
        for (let u = 0; u < size; u++) {
          if (!fixed(u, v) && rng.next() < share) bits[v * size + u] = (bits[v * size + u] ?? 0) ^ 1;
        }
      }
      const grid = { size, bits };
      const ours = textOfGrid(grid);
      expect(ours).toBe(viaJsqr(grid));
      if (ours === text) read++;
      else if (ours === null) refused++;
    }
    // Both outcomes turn up, and nothing but the right text or nothing.
    expect(read).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
    expect(read + refused).toBe(60);
  });

  it("refuses a grid of noise", () => {
    const rng = createRng(7);
    const size = 45;
    const bits = Uint8Array.from({ length: size * size }, () => (rng.next() < 0.5 ? 1 : 0));
    expect(readGrid({ size, bits })).toBeNull();
  });

  it("places the alignment patterns of ISO/IEC 18004 annex E", () => {
    expect(alignmentCentres(1)).toEqual([]);
    expect(alignmentCentres(2)).toEqual([6, 18]);
    expect(alignmentCentres(7)).toEqual([6, 22, 38]);
    expect(alignmentCentres(10)).toEqual([6, 28, 50]);
    expect(alignmentCentres(32)).toEqual([6, 34, 60, 86, 112, 138]);
    expect(alignmentCentres(40)).toEqual([6, 30, 58, 86, 114, 142, 170]);
  });
});
