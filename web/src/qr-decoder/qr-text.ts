/** A data segment as jsQR (or the grid reader) reports it. */
interface TextChunk {
  readonly type: string;
  readonly assignmentNumber?: number;
  readonly bytes?: readonly number[];
  readonly text?: string;
}

/**
 * The text of a QR symbol jsQR has decoded, with its byte segments read in the right character set.
 *
 * jsQR reads every byte segment as UTF-8 and leaves it empty when it is not valid UTF-8, ignoring
 * ECI designators. Byte mode has no fixed charset (ISO/IEC 18004 says ISO-8859-1 unless an ECI
 * says otherwise), and many real codes, Japanese ones above all, carry Shift_JIS. This follows an
 * ECI when there is one and otherwise guesses as ZXing does (UTF-8, Shift_JIS or ISO-8859-1).
 * Returns null when the symbol holds no text at all.
 */
export function qrText(code: { readonly chunks: readonly TextChunk[] }): string | null {
  let charset: string | null = null;
  let text = "";
  for (const chunk of code.chunks) {
    // jsqr's Mode is a type-only enum of these strings.
    const type: string = chunk.type;
    if (type === "eci" && chunk.assignmentNumber !== undefined) {
      charset = ECI_CHARSETS[chunk.assignmentNumber] ?? null;
    } else if (type === "byte" && chunk.bytes !== undefined) {
      text += decodeBytes(Uint8Array.from(chunk.bytes), charset);
    } else if (chunk.text !== undefined) {
      text += chunk.text;
    }
  }
  return text === "" ? null : text;
}

/** ECI assignment numbers (AIM ECI) to WHATWG encoding labels. */
const ECI_CHARSETS: Readonly<Record<number, string>> = {
  1: "iso-8859-1",
  3: "iso-8859-1",
  4: "iso-8859-2",
  5: "iso-8859-3",
  6: "iso-8859-4",
  7: "iso-8859-5",
  8: "iso-8859-6",
  9: "iso-8859-7",
  10: "iso-8859-8",
  11: "windows-874",
  13: "iso-8859-13",
  15: "iso-8859-15",
  17: "iso-8859-15",
  20: "shift_jis",
  21: "windows-1250",
  22: "windows-1251",
  23: "windows-1252",
  24: "windows-1256",
  25: "utf-16be",
  26: "utf-8",
  27: "us-ascii",
  28: "big5",
  29: "gb18030",
  30: "euc-kr",
};

function decodeBytes(bytes: Uint8Array, charset: string | null): string {
  const label = charset ?? guessCharset(bytes);
  try {
    return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
  } catch {
    // A label this browser does not know: Latin-1 at least keeps every byte.
    return new TextDecoder("iso-8859-1").decode(bytes);
  }
}

/** ZXing's guess for a byte segment without ECI (StringUtils.guessEncoding), for the three charsets met in practice. */
export function guessCharset(bytes: Uint8Array): "utf-8" | "shift_jis" | "iso-8859-1" {
  let utf8 = true;
  let utf8Left = 0;
  let utf8Multi = 0;
  let iso = true;
  let isoHighOther = 0;
  let sjis = true;
  let sjisLeft = 0;
  let kana = 0;
  let kanaRun = 0;
  let kanaRunMax = 0;
  let doubleRun = 0;
  let doubleRunMax = 0;
  for (const b of bytes) {
    if (utf8) {
      if (utf8Left > 0) {
        if ((b & 0xc0) === 0x80) utf8Left--;
        else utf8 = false;
      } else if (b & 0x80) {
        if ((b & 0xe0) === 0xc0) utf8Left = 1;
        else if ((b & 0xf0) === 0xe0) utf8Left = 2;
        else if ((b & 0xf8) === 0xf0) utf8Left = 3;
        else utf8 = false;
        if (utf8 && (b === 0xc0 || b === 0xc1 || b > 0xf4)) utf8 = false;
        if (utf8) utf8Multi++;
      }
    }
    if (iso) {
      if (b > 0x7f && b < 0xa0) iso = false;
      else if (b > 0x9f && (b < 0xc0 || b === 0xd7 || b === 0xf7)) isoHighOther++;
    }
    if (sjis) {
      if (sjisLeft > 0) {
        if (b < 0x40 || b === 0x7f || b > 0xfc) sjis = false;
        else sjisLeft--;
      } else if (b === 0x80 || b === 0xa0 || b > 0xef) {
        sjis = false;
      } else if (b > 0xa0 && b < 0xe0) {
        kana++;
        doubleRun = 0;
        kanaRun++;
        kanaRunMax = Math.max(kanaRunMax, kanaRun);
      } else if (b > 0x7f) {
        sjisLeft++;
        kanaRun = 0;
        doubleRun++;
        doubleRunMax = Math.max(doubleRunMax, doubleRun);
      } else {
        kanaRun = 0;
        doubleRun = 0;
      }
    }
  }
  if (utf8Left > 0) utf8 = false;
  if (sjisLeft > 0) sjis = false;
  if (utf8 && utf8Multi > 0) return "utf-8";
  if (sjis && (kanaRunMax >= 3 || doubleRunMax >= 3)) return "shift_jis";
  if (iso && sjis) {
    return (kanaRunMax === 2 && kana === 2) || isoHighOther * 10 >= bytes.length ? "shift_jis" : "iso-8859-1";
  }
  if (iso) return "iso-8859-1";
  if (sjis) return "shift_jis";
  return "utf-8";
}
