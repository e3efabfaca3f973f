import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_PAYLOADS } from "#test/support/frames/cccd-payloads";
import { renderFlatFrame } from "#test/support/frames/qr-frame";
import { encodeY4m, renderCardClip, rgbaToI420, writeY4m } from "#test/support/frames/y4m";
import { decodeFrame } from "#web/qr-decoder/decode-frame";

const HEADER_640 = "YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n";

describe("Y4M fake webcam file", { timeout: 60_000 }, () => {
  it("writes the stream header and one FRAME plus a 4:2:0 picture per frame", () => {
    const dir = mkdtempSync(join(tmpdir(), "y4m-"));
    try {
      const path = join(dir, "clip.y4m");
      writeY4m(path, [
        renderFlatFrame(640, 480, 0),
        renderFlatFrame(640, 480, 255),
        renderFlatFrame(640, 480, 9),
      ]);
      const bytes = readFileSync(path);
      expect(bytes.subarray(0, HEADER_640.length).toString("latin1")).toBe(HEADER_640);
      expect(bytes.length).toBe(HEADER_640.length + 3 * ("FRAME\n".length + (640 * 480 * 3) / 2));
      const second = HEADER_640.length + "FRAME\n".length + (640 * 480 * 3) / 2;
      expect(bytes.subarray(second, second + 6).toString("latin1")).toBe("FRAME\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("converts white to full-range luma and neutral chroma, and pure red to its BT.601 values", () => {
    const white = rgbaToI420(renderFlatFrame(4, 2, 255));
    expect([...white.y]).toEqual(Array(8).fill(255));
    expect([...white.u, ...white.v]).toEqual([128, 128, 128, 128]);
    const red = renderFlatFrame(2, 2, 0);
    for (let i = 0; i < red.data.length; i += 4) red.data[i] = 255;
    const yuv = rgbaToI420(red);
    expect(yuv.y[0]).toBe(76);
    expect(yuv.u[0]).toBe(85);
    expect(yuv.v[0]).toBe(255);
  });

  it("refuses odd sizes, which 4:2:0 cannot hold", () => {
    expect(() => encodeY4m([renderFlatFrame(3, 2, 0)])).toThrow(/even/);
  });

  it("plays back a card clip whose every frame still carries the person's QR text", () => {
    const text = FIXTURE_PAYLOADS[0] ?? "";
    const clip = renderCardClip(text, { frames: 4, seed: 3 });
    const bytes = encodeY4m(clip);
    const frameBytes = "FRAME\n".length + (640 * 480 * 3) / 2;
    for (let f = 0; f < clip.length; f++) {
      // What Chromium shows is the luma plane; decode it as a grey frame.
      const start = HEADER_640.length + f * frameBytes + "FRAME\n".length;
      const luma = bytes.subarray(start, start + 640 * 480);
      const rgba = new Uint8ClampedArray(640 * 480 * 4);
      for (let i = 0; i < luma.length; i++)
        rgba.fill(luma[i] ?? 0, i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
      expect(decodeFrame({ data: rgba, width: 640, height: 480 })).toBe(text);
    }
  });
});
