import { describe, expect, it } from "vitest";
import { FIXTURE_PAYLOADS, generateCccdPayloads } from "#test/support/frames/cccd-payloads";
import {
  HARD_CASES,
  renderCaseFrame,
  renderClutterFrame,
  renderFlatFrame,
} from "#test/support/frames/qr-frame";
import { renderCardClip } from "#test/support/frames/y4m";
import { decodeFrame, scanFrame } from "#web/qr-decoder/decode-frame";

/** Width, height, and how many of three seeded frames per case must be read (1080p is weaker, see the bench notes). */
const SIZES = [
  [640, 480, 2],
  [1280, 720, 2],
  [1920, 1080, 1],
] as const;

const payloads = [...FIXTURE_PAYLOADS, ...generateCccdPayloads(20, 42)];

// Rendering a 1080p frame takes about a second on a slow machine, so these need more than the 5 s default.
describe("decodeFrame on webcam-like frames", { timeout: 60_000 }, () => {
  for (const [width, height, needed] of SIZES) {
    for (const [k, kind] of HARD_CASES.entries()) {
      // The hardest draws (e.g. 30° tilt on both axes) may stay unread, but a wrong text never passes.
      it(`reads ${kind} cards at ${width}x${height} with the exact text`, () => {
        const results = [0, 1, 2].map((i) => {
          const text = payloads[(k * 3 + i + width) % payloads.length] ?? "";
          return { text, decoded: decodeFrame(renderCaseFrame(kind, text, width, height, 100 + 10 * k + i)) };
        });
        for (const r of results) expect([r.text, null]).toContain(r.decoded);
        expect(results.filter((r) => r.decoded === r.text).length).toBeGreaterThanOrEqual(needed);
      });
    }
  }

  it("keeps Vietnamese diacritics intact", () => {
    const text = FIXTURE_PAYLOADS[0] ?? "";
    const decoded = decodeFrame(renderCaseFrame("glare", text, 1280, 720, 7));
    expect(decoded).toBe(text);
    expect(decoded?.split("|")[2]).toBe("Nguyễn Văn An");
  });
});

describe("decodeFrame without a readable code", { timeout: 60_000 }, () => {
  it("returns null for a card without a QR", () => {
    for (const [i, kind] of HARD_CASES.entries()) {
      expect(decodeFrame(renderCaseFrame(kind, null, 1280, 720, 300 + i))).toBeNull();
    }
  });

  it("returns null for background clutter", () => {
    for (let seed = 1; seed <= 4; seed++) expect(decodeFrame(renderClutterFrame(640, 480, seed))).toBeNull();
  });

  it("returns null for an all-black and an all-white frame", () => {
    expect(decodeFrame(renderFlatFrame(640, 480, 0))).toBeNull();
    expect(decodeFrame(renderFlatFrame(640, 480, 255))).toBeNull();
  });

  it("returns null instead of throwing on tiny or malformed frames", () => {
    expect(decodeFrame({ data: new Uint8ClampedArray(4), width: 1, height: 1 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(0), width: 640, height: 480 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(100), width: 640, height: 480 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(16), width: Number.NaN, height: 2 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(16), width: -2, height: -2 })).toBeNull();
  });

  it("still reads a frame whose buffer is longer than width × height × 4", () => {
    const text = FIXTURE_PAYLOADS[1] ?? "";
    const frame = renderCaseFrame("small", text, 640, 480, 5);
    const padded = new Uint8ClampedArray(frame.data.length + 64);
    padded.set(frame.data);
    expect(decodeFrame({ data: padded, width: 640, height: 480 })).toBe(text);
  });
});

describe("scanFrame: was a code in view?", { timeout: 60_000 }, () => {
  const text = FIXTURE_PAYLOADS[0] ?? "";

  it("sees a worn code it cannot read in every frame, and reads an intact one", () => {
    const worn = renderCardClip(text, { frames: 12, seed: 7, damage: 0.2 }).map(scanFrame);
    expect(worn.map((scan) => scan.text)).toEqual(Array(12).fill(null));
    expect(worn.every((scan) => scan.symbol)).toBe(true);
    const intact = renderCardClip(text, { frames: 4, seed: 7 }).map(scanFrame);
    expect(intact).toEqual(Array(4).fill({ text, symbol: true }));
  });

  it("sees no code in an empty counter: clutter, a card without a QR, a flat frame", () => {
    const clutter = Array.from({ length: 40 }, (_, seed) => scanFrame(renderClutterFrame(640, 480, seed)));
    expect(clutter.filter((scan) => scan.symbol)).toEqual([]);
    const cards = HARD_CASES.flatMap((kind) =>
      [0, 1, 2, 3].map((seed) => scanFrame(renderCaseFrame(kind, null, 640, 480, seed))),
    );
    expect(cards.filter((scan) => scan.symbol)).toEqual([]);
    expect(scanFrame(renderFlatFrame(640, 480, 128))).toEqual({ text: null, symbol: false });
  });
});
