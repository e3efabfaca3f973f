/** Cleaning of raw scanner and keyboard text before any field is read. */

/** Longest payload accepted; a CCCD or BHYT QR holds a few hundred characters at most. */
export const MAX_PAYLOAD_LENGTH = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** C0 controls and DEL; C1 controls are left to the garbled-text check, as mojibake produces them. */
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

// Wedge scanners and camera decoders add these around the text: BOM, whitespace, CR/LF, NUL padding.
function isEdgeNoise(char: string): boolean {
  const code = char.charCodeAt(0);
  return code === 0xfeff || code === 0 || /\s/.test(char);
}

/** Replaces unpaired UTF-16 surrogates (broken decoding) by U+FFFD so later steps see valid text. */
function replaceLoneSurrogates(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** Strips what scanners add around a payload (BOM, spaces, CR/LF, NULs) and fixes broken surrogates. */
export function cleanScanText(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isEdgeNoise(raw.charAt(start))) start++;
  while (end > start && isEdgeNoise(raw.charAt(end - 1))) end--;
  return replaceLoneSurrogates(raw.slice(start, end).replaceAll("\uFEFF", ""));
}

/** True when the cleaned text still carries control characters (a line break inside, an escape…). */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) return true;
  }
  return false;
}
