import { describe, expect, it } from "vitest";
import { type CounterCategory, counterFrame } from "#test/support/frames/counter-frames";
import { decodeFrame } from "#web/qr-decoder/decode-frame";

/** The bench's counter set at 640×480 draws this many frames per category. */
const PER_CATEGORY = 6;

/**
 * The hardest frame of each category that decodeFrame reads in the bench's 640×480 counter set:
 * where one could be found, a frame plain jsQR or zxing-wasm (or both) miss. A change that loses
 * one of these loses a kind of frame real counters produce.
 */
const HARDEST: readonly [CounterCategory, number][] = [
  ["defocus", 0],
  ["motion blur", 1],
  ["low light", 0],
  ["jpeg blocks", 0],
  ["video blocks", 5],
  ["glare band", 3],
  ["tilt to 45°", 2],
  ["bent card", 4],
  ["finger", 1],
  ["small, far", 0],
  ["backlight", 5],
  ["low contrast", 1],
  ["rolling shutter", 0],
  ["inverted", 0],
];

/** Cards without a code under the conditions most likely to make something up. */
const NO_CODE: readonly CounterCategory[] = ["low light", "video blocks", "glare band", "inverted"];

describe("decodeFrame on the hardest counter frames of each category", { timeout: 120_000 }, () => {
  it.each(HARDEST)("%s: frame %i reads exactly its text", (category, k) => {
    const { frame, expected } = counterFrame(640, 480, PER_CATEGORY, category, k);
    expect(expected).not.toBeNull();
    expect(decodeFrame(frame)).toBe(expected);
  });

  it.each(NO_CODE)("%s: a card without a code reads as nothing", (category) => {
    const { frame, expected } = counterFrame(640, 480, PER_CATEGORY, category, null);
    expect(expected).toBeNull();
    expect(decodeFrame(frame)).toBeNull();
  });
});
