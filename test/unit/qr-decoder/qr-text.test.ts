import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { QRCode } from "jsqr";
import { describe, expect, it } from "vitest";
import { QR_CORPUS_DIR, readCorpusImage } from "#test/support/frames/qr-corpus";
import { decodeFrame } from "#web/qr-decoder/decode-frame";
import { guessCharset, qrText } from "#web/qr-decoder/qr-text";

const image = (name: string) => readCorpusImage({ image: `${name}.png` });
const expected = (name: string) => readFileSync(resolve(QR_CORPUS_DIR, `${name}.txt`), "utf8");
const chunks = (list: unknown[]) => ({ data: "", chunks: list as QRCode["chunks"] });

describe("QR text in the symbol's own character set", () => {
  // ZXing's black-box images of Japanese codes: byte segments in Shift_JIS without an ECI.
  for (const name of ["qrcode-2/17", "qrcode-2/10", "qrcode-2/29"]) {
    it(`reads ${name} of the ZXing corpus as ZXing's expected text`, () => {
      expect(decodeFrame(image(name))).toBe(expected(name));
    });
  }

  it("follows an ECI designator over the guess", () => {
    // "ﾃｽﾄ" in Shift_JIS is C3 BD C4; under ECI 3 (ISO-8859-1) the same bytes read "Ã½Ä".
    const bytes = [0xc3, 0xbd, 0xc4];
    expect(qrText(chunks([{ type: "byte", bytes, text: "" }]))).toBe("ﾃｽﾄ");
    expect(
      qrText(
        chunks([
          { type: "eci", assignmentNumber: 3 },
          { type: "byte", bytes, text: "" },
        ]),
      ),
    ).toBe("Ã½Ä");
  });

  it("keeps numeric and UTF-8 segments as they are", () => {
    const utf8 = [...new TextEncoder().encode("Nguyễn Văn An")];
    expect(
      qrText(
        chunks([
          { type: "numeric", text: "0790" },
          { type: "byte", bytes: utf8, text: "" },
        ]),
      ),
    ).toBe("0790Nguyễn Văn An");
  });

  it("guesses UTF-8, Shift_JIS and Latin-1 as ZXing does", () => {
    expect(guessCharset(new TextEncoder().encode("Hà Nội"))).toBe("utf-8");
    expect(guessCharset(Uint8Array.of(0x83, 0x82, 0x83, 0x6f, 0x83, 0x43, 0x83, 0x8b))).toBe("shift_jis");
    expect(guessCharset(Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20, 0x21))).toBe("iso-8859-1");
  });

  it("returns null for a symbol without text", () => {
    expect(qrText(chunks([]))).toBeNull();
  });
});
