import { describe, expect, it } from "vitest";
import { FIXTURE_PAYLOADS } from "#test/support/frames/cccd-payloads";
import { createRng } from "#test/support/frames/prng";
import { readCorpusImage, readCorpusManifest } from "#test/support/frames/qr-corpus";
import {
  type CardScene,
  encodeQr,
  qrCornersInFrame,
  type RgbaFrame,
  renderCardFrame,
  renderClutterFrame,
  sceneFor,
} from "#test/support/frames/qr-frame";
import { scaleToLongSide, turnFrame } from "#test/support/frames/transform";
import { decodeFrame } from "#web/qr-decoder/decode-frame";
import { decodePhoto } from "#web/qr-decoder/decode-photo";

const TEXT = FIXTURE_PAYLOADS[0] ?? "";
const W = 1600;
const H = 1200;
const square = { rotationDeg: 0, tiltXDeg: 0, tiltYDeg: 0 };

function photo(overrides: Partial<CardScene>, size = { width: W, height: H }) {
  const scene = sceneFor("tilted", TEXT, size.width, size.height, 3, overrides);
  const corners = qrCornersInFrame(scene, encodeQr(TEXT, scene.ecLevel).size);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  return { frame: renderCardFrame(scene), box };
}

function crop(frame: RgbaFrame, x0: number, y0: number, width: number, height: number): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * frame.width + x0) * 4;
    data.set(frame.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { data, width, height };
}

describe("decodePhoto: a photo of the card", () => {
  it.each([
    ["turned a quarter", { rotationDeg: 90, tiltXDeg: 5, tiltYDeg: 5, moduleSize: 6 }],
    ["upside down", { rotationDeg: 180, tiltXDeg: 5, tiltYDeg: 5, moduleSize: 6 }],
  ])("reads a card %s", (_name, overrides) => {
    const result = decodePhoto(photo(overrides).frame);
    expect(result).toEqual({ text: TEXT, hint: null, looks: 1 });
  });

  it("reads a card photographed at an angle that the camera-frame decoder alone misses", () => {
    const { frame } = photo({ moduleSize: 6, rotationDeg: 35, tiltXDeg: 40, tiltYDeg: 25 });
    expect(decodeFrame(frame)).toBeNull();
    expect(decodePhoto(frame).text).toBe(TEXT);
  });

  it("reads a code printed light on dark (a negative, a phone in dark mode), at its first look", () => {
    const { frame } = photo({ moduleSize: 6, rotationDeg: 10, tiltXDeg: 5, tiltYDeg: 5 });
    const negative = { ...frame, data: frame.data.map((v, i) => (i % 4 === 3 ? v : 255 - v)) };
    expect(decodePhoto(negative, { now: () => 0 })).toEqual({ text: TEXT, hint: null, looks: 1 });
  }, 60_000);

  it("reads a small code in a large photo", () => {
    const { frame } = photo({ moduleSize: 2.4, rotationDeg: 8, tiltXDeg: 5, tiltYDeg: 5, blurRadius: 0 });
    expect(decodePhoto(frame)).toMatchObject({ text: TEXT, hint: null });
  });

  it("says which edge cut the code off", () => {
    const { frame, box } = photo({ ...square, moduleSize: 7 });
    const midX = Math.round((box.x0 + box.x1) / 2);
    const right = decodePhoto(crop(frame, 0, 0, midX, H));
    expect(right.text).toBeNull();
    expect(right.hint).toEqual({ kind: "cut-off", part: "top-right" });
    const midY = Math.round((box.y0 + box.y1) / 2);
    const top = decodePhoto(crop(frame, 0, midY, W, H - midY));
    expect(top.hint).toEqual({ kind: "cut-off", part: "top" });
  });

  it("says where a code whose corner marks show could not be read (glare, a fold)", () => {
    const { frame, box } = photo({ ...square, moduleSize: 7 });
    // Scramble the data between the corner marks, as a reflection or a fold would.
    const rng = createRng(9);
    const module = (box.x1 - box.x0) / encodeQr(TEXT, "M").size;
    for (let y = Math.round(box.y0 + 9 * module); y < box.y1 - 9 * module; y++) {
      for (let x = Math.round(box.x0 + 9 * module); x < box.x1 - 9 * module; x++) {
        const v = rng.next() < 0.5 ? 20 : 235;
        frame.data.fill(v, (y * W + x) * 4, (y * W + x) * 4 + 3);
      }
    }
    const result = decodePhoto(frame);
    expect(result.text).toBeNull();
    expect(result.hint).toEqual({ kind: "unreadable", part: "centre" });
  });

  it("finds no code in clutter and reads nothing false", () => {
    for (const seed of [10, 11, 12, 13]) {
      expect(decodePhoto(renderClutterFrame(W, H, seed))).toMatchObject({
        text: null,
        hint: { kind: "no-code" },
      });
    }
  });

  it("stops looking when its time is spent, after the first look", () => {
    const { frame } = photo({ ...square, moduleSize: 7 });
    let clock = 0;
    const blank = crop(frame, 0, 0, 200, 200);
    const result = decodePhoto(blank, { budgetMs: 300, now: () => (clock += 400) });
    expect(result.looks).toBe(1);
    expect(result.text).toBeNull();
  });
});

describe("decodePhoto: the public ZXing corpus turned and enlarged", () => {
  const items = readCorpusManifest() ?? [];
  // The first image of each of the six folders, and two read only in some orientations before.
  const chosen = [
    ...items.filter((item, i) => items.findIndex((other) => other.set === item.set) === i),
    ...items.filter((item) => ["qrcode-3/23.png", "qrcode-4/41.png"].includes(item.image)),
  ];
  // A clock that never moves: every look is tried however busy the machine (the bench times them).
  const unhurried = { now: () => 0 };

  it("has the corpus", () => {
    expect(chosen).toHaveLength(8);
  });

  it.each(chosen.map((item) => [item.image, item] as const))(
    "reads %s turned 90°, 180° and 270°",
    (_, item) => {
      const frame = readCorpusImage(item);
      expect(decodePhoto(frame, unhurried).text).toBe(item.expected);
      for (const quarters of [1, 2, 3] as const) {
        expect(decodePhoto(turnFrame(frame, quarters), unhurried).text, `${quarters * 90}°`).toBe(
          item.expected,
        );
      }
    },
  );

  it("reads a code that fills a 4000 px photo, blown up from a small image", () => {
    const item = items.find((i) => i.image === "qrcode-2/12.png");
    if (item === undefined) throw new Error("corpus image missing");
    const frame = scaleToLongSide(readCorpusImage(item), 4000);
    expect(decodePhoto(frame, unhurried).text).toBe(item.expected);
  });
});
