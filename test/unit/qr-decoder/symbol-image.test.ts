import jsqr from "jsqr";
import { describe, expect, it } from "vitest";
import { type EcLevel, encodeQr } from "#test/support/frames/qr-frame";
import type { ModuleGrid } from "#web/qr-decoder/sample-grid";
import { hasFormatInfo, renderForJsqr } from "#web/qr-decoder/symbol-image";

const jsQR = jsqr.default;

/** ASCII text of `length` bytes, varied so that every mask and module pattern turns up. */
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

function read(grid: ModuleGrid): string | null {
  const img = renderForJsqr(grid);
  return jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" })?.data ?? null;
}

// Symbols made by an independent encoder (the `qrcode` package) at every error-correction level,
// from version 1 (no alignment pattern) and 2 (drawn too short for jsQR's binariser until padded)
// through 7 (version information beside the finders) to 40.
const CASES: ReadonlyArray<[EcLevel, number]> = [
  ["L", 1],
  ["M", 14],
  ["L", 30],
  ["Q", 60],
  ["H", 80],
  ["L", 160],
  ["M", 300],
  ["Q", 520],
  ["L", 1200],
  ["L", 2900],
];

describe("renderForJsqr", () => {
  it("spans the versions the cases are meant to cover", () => {
    const sizes = CASES.map(([ec, length]) => encodeQr(textOf(length), ec).size);
    expect(Math.min(...sizes)).toBe(21);
    expect(sizes).toContain(25);
    expect(sizes.some((s) => s >= 45 && s <= 57)).toBe(true);
    expect(Math.max(...sizes)).toBe(177);
  });

  for (const [ec, length] of CASES) {
    it(`draws a ${length}-byte symbol at level ${ec} so that jsQR reads it exactly, as it is and mirrored`, () => {
      const text = textOf(length);
      const qr = encodeQr(text, ec);
      const grid: ModuleGrid = { size: qr.size, bits: qr.dark };
      expect(hasFormatInfo(grid)).toBe(true);
      expect(read(grid)).toBe(text);
      expect(hasFormatInfo(transposed(grid))).toBe(true);
      expect(read(transposed(grid))).toBe(text);
    });
  }

  it("refuses a grid whose format information is noise", () => {
    const qr = encodeQr(textOf(120), "M");
    const bits = qr.dark.slice();
    // Both copies of the format information: row 8 and column 8 beside the finders.
    for (let i = 0; i < qr.size; i++) {
      bits[8 * qr.size + i] = i % 3 === 0 ? 1 : 0;
      bits[i * qr.size + 8] = i % 3 === 0 ? 1 : 0;
    }
    expect(hasFormatInfo({ size: qr.size, bits })).toBe(false);
  });
});
