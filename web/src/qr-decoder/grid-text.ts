import { correctBlock } from "./reed-solomon.ts";
import type { ModuleGrid } from "./sample-grid.ts";

/**
 * Reads the text of a sampled module grid without an image: format and version information,
 * unmasking, the codewords in their zigzag, Reed-Solomon correction per block and the data
 * segments. It follows jsQR's decoder step for step (the same tolerances, the mirrored grid as a
 * second try), so it reads what jsQR reads from the redrawn symbol, at a fraction of the cost:
 * jsQR would first have to locate the symbol again in a picture of it.
 */

/** A data segment, shaped as jsQR reports it. */
type GridChunk =
  | { readonly type: "eci"; readonly assignmentNumber: number }
  | { readonly type: "byte"; readonly bytes: readonly number[] }
  | { readonly type: "numeric" | "alphanumeric"; readonly text: string };

/**
 * The segments read, null when the grid does not decode, or "kanji" when it holds a Kanji segment,
 * which jsQR maps through its own Shift_JIS table: such a symbol is left to jsQR.
 */
type GridRead = readonly GridChunk[] | null | "kanji";

/**
 * Per version (1-40), per error-correction level (L, M, Q, H): error-correction codewords per
 * block, then pairs of (blocks, data codewords per block). ISO/IEC 18004 table 9.
 */
const EC_BLOCKS: readonly (readonly (readonly number[])[])[] = [
  [
    [7, 1, 19],
    [10, 1, 16],
    [13, 1, 13],
    [17, 1, 9],
  ],
  [
    [10, 1, 34],
    [16, 1, 28],
    [22, 1, 22],
    [28, 1, 16],
  ],
  [
    [15, 1, 55],
    [26, 1, 44],
    [18, 2, 17],
    [22, 2, 13],
  ],
  [
    [20, 1, 80],
    [18, 2, 32],
    [26, 2, 24],
    [16, 4, 9],
  ],
  [
    [26, 1, 108],
    [24, 2, 43],
    [18, 2, 15, 2, 16],
    [22, 2, 11, 2, 12],
  ],
  [
    [18, 2, 68],
    [16, 4, 27],
    [24, 4, 19],
    [28, 4, 15],
  ],
  [
    [20, 2, 78],
    [18, 4, 31],
    [18, 2, 14, 4, 15],
    [26, 4, 13, 1, 14],
  ],
  [
    [24, 2, 97],
    [22, 2, 38, 2, 39],
    [22, 4, 18, 2, 19],
    [26, 4, 14, 2, 15],
  ],
  [
    [30, 2, 116],
    [22, 3, 36, 2, 37],
    [20, 4, 16, 4, 17],
    [24, 4, 12, 4, 13],
  ],
  [
    [18, 2, 68, 2, 69],
    [26, 4, 43, 1, 44],
    [24, 6, 19, 2, 20],
    [28, 6, 15, 2, 16],
  ],
  [
    [20, 4, 81],
    [30, 1, 50, 4, 51],
    [28, 4, 22, 4, 23],
    [24, 3, 12, 8, 13],
  ],
  [
    [24, 2, 92, 2, 93],
    [22, 6, 36, 2, 37],
    [26, 4, 20, 6, 21],
    [28, 7, 14, 4, 15],
  ],
  [
    [26, 4, 107],
    [22, 8, 37, 1, 38],
    [24, 8, 20, 4, 21],
    [22, 12, 11, 4, 12],
  ],
  [
    [30, 3, 115, 1, 116],
    [24, 4, 40, 5, 41],
    [20, 11, 16, 5, 17],
    [24, 11, 12, 5, 13],
  ],
  [
    [22, 5, 87, 1, 88],
    [24, 5, 41, 5, 42],
    [30, 5, 24, 7, 25],
    [24, 11, 12, 7, 13],
  ],
  [
    [24, 5, 98, 1, 99],
    [28, 7, 45, 3, 46],
    [24, 15, 19, 2, 20],
    [30, 3, 15, 13, 16],
  ],
  [
    [28, 1, 107, 5, 108],
    [28, 10, 46, 1, 47],
    [28, 1, 22, 15, 23],
    [28, 2, 14, 17, 15],
  ],
  [
    [30, 5, 120, 1, 121],
    [26, 9, 43, 4, 44],
    [28, 17, 22, 1, 23],
    [28, 2, 14, 19, 15],
  ],
  [
    [28, 3, 113, 4, 114],
    [26, 3, 44, 11, 45],
    [26, 17, 21, 4, 22],
    [26, 9, 13, 16, 14],
  ],
  [
    [28, 3, 107, 5, 108],
    [26, 3, 41, 13, 42],
    [30, 15, 24, 5, 25],
    [28, 15, 15, 10, 16],
  ],
  [
    [28, 4, 116, 4, 117],
    [26, 17, 42],
    [28, 17, 22, 6, 23],
    [30, 19, 16, 6, 17],
  ],
  [
    [28, 2, 111, 7, 112],
    [28, 17, 46],
    [30, 7, 24, 16, 25],
    [24, 34, 13],
  ],
  [
    [30, 4, 121, 5, 122],
    [28, 4, 47, 14, 48],
    [30, 11, 24, 14, 25],
    [30, 16, 15, 14, 16],
  ],
  [
    [30, 6, 117, 4, 118],
    [28, 6, 45, 14, 46],
    [30, 11, 24, 16, 25],
    [30, 30, 16, 2, 17],
  ],
  [
    [26, 8, 106, 4, 107],
    [28, 8, 47, 13, 48],
    [30, 7, 24, 22, 25],
    [30, 22, 15, 13, 16],
  ],
  [
    [28, 10, 114, 2, 115],
    [28, 19, 46, 4, 47],
    [28, 28, 22, 6, 23],
    [30, 33, 16, 4, 17],
  ],
  [
    [30, 8, 122, 4, 123],
    [28, 22, 45, 3, 46],
    [30, 8, 23, 26, 24],
    [30, 12, 15, 28, 16],
  ],
  [
    [30, 3, 117, 10, 118],
    [28, 3, 45, 23, 46],
    [30, 4, 24, 31, 25],
    [30, 11, 15, 31, 16],
  ],
  [
    [30, 7, 116, 7, 117],
    [28, 21, 45, 7, 46],
    [30, 1, 23, 37, 24],
    [30, 19, 15, 26, 16],
  ],
  [
    [30, 5, 115, 10, 116],
    [28, 19, 47, 10, 48],
    [30, 15, 24, 25, 25],
    [30, 23, 15, 25, 16],
  ],
  [
    [30, 13, 115, 3, 116],
    [28, 2, 46, 29, 47],
    [30, 42, 24, 1, 25],
    [30, 23, 15, 28, 16],
  ],
  [
    [30, 17, 115],
    [28, 10, 46, 23, 47],
    [30, 10, 24, 35, 25],
    [30, 19, 15, 35, 16],
  ],
  [
    [30, 17, 115, 1, 116],
    [28, 14, 46, 21, 47],
    [30, 29, 24, 19, 25],
    [30, 11, 15, 46, 16],
  ],
  [
    [30, 13, 115, 6, 116],
    [28, 14, 46, 23, 47],
    [30, 44, 24, 7, 25],
    [30, 59, 16, 1, 17],
  ],
  [
    [30, 12, 121, 7, 122],
    [28, 12, 47, 26, 48],
    [30, 39, 24, 14, 25],
    [30, 22, 15, 41, 16],
  ],
  [
    [30, 6, 121, 14, 122],
    [28, 6, 47, 34, 48],
    [30, 46, 24, 10, 25],
    [30, 2, 15, 64, 16],
  ],
  [
    [30, 17, 122, 4, 123],
    [28, 29, 46, 14, 47],
    [30, 49, 24, 10, 25],
    [30, 24, 15, 46, 16],
  ],
  [
    [30, 4, 122, 18, 123],
    [28, 13, 46, 32, 47],
    [30, 48, 24, 14, 25],
    [30, 42, 15, 32, 16],
  ],
  [
    [30, 20, 117, 4, 118],
    [28, 40, 47, 7, 48],
    [30, 43, 24, 22, 25],
    [30, 10, 15, 67, 16],
  ],
  [
    [30, 19, 118, 6, 119],
    [28, 18, 47, 31, 48],
    [30, 34, 24, 34, 25],
    [30, 20, 15, 61, 16],
  ],
];

/** Error-correction level index (L, M, Q, H) by the format information's two level bits. */
const LEVEL_BY_BITS = [1, 0, 3, 2] as const;

/** The 32 format words (BCH(15,5) XOR 0x5412) by their 5 data bits: level bits, then mask. */
const FORMAT_WORDS = Array.from(
  { length: 32 },
  (_, data) => ((data << 10) | bchRemainder(data, 10, 0x537)) ^ 0x5412,
);

/** Version information words (BCH(18,6)) of versions 7 to 40, by version. */
const VERSION_WORDS = new Map(
  Array.from({ length: 34 }, (_, i) => i + 7).map((v) => [v, (v << 12) | bchRemainder(v, 12, 0x1f25)]),
);

function bchRemainder(data: number, bits: number, generator: number): number {
  let rem = data << bits;
  const top = 31 - Math.clz32(generator);
  for (let bit = 31 - Math.clz32(rem); bit >= top; bit--)
    if (rem & (1 << bit)) rem ^= generator << (bit - top);
  return rem;
}

function bitCount(n: number): number {
  let c = 0;
  for (let v = n; v !== 0; v &= v - 1) c++;
  return c;
}

/** Decodes the grid, and failing that the grid mirrored across its main diagonal, as jsQR does. */
export function readGrid(grid: ModuleGrid): GridRead {
  const { size, bits } = grid;
  const first = readMatrix(size, (u, v) => bits[v * size + u] ?? 0);
  if (first !== null) return first;
  return readMatrix(size, (u, v) => bits[u * size + v] ?? 0);
}

type Matrix = (u: number, v: number) => number;

function readMatrix(size: number, at: Matrix): GridRead {
  const version = readVersion(size, at);
  if (version === null) return null;
  const format = readFormat(size, at);
  if (format === null) return null;
  const levels = EC_BLOCKS[version - 1];
  const level = levels?.[format.level];
  if (level === undefined) return null;
  const data = correctedData(readCodewords(size, version, format.mask, at), level);
  if (data === null) return null;
  return readSegments(data, version);
}

function readVersion(size: number, at: Matrix): number | null {
  const provisional = Math.floor((size - 17) / 4);
  if (provisional <= 6) return provisional >= 1 ? provisional : null;
  let topRight = 0;
  for (let v = 5; v >= 0; v--)
    for (let u = size - 9; u >= size - 11; u--) topRight = (topRight << 1) | at(u, v);
  let bottomLeft = 0;
  for (let u = 5; u >= 0; u--)
    for (let v = size - 9; v >= size - 11; v--) bottomLeft = (bottomLeft << 1) | at(u, v);
  let best: number | null = null;
  let bestDifference = Number.POSITIVE_INFINITY;
  for (const [version, word] of VERSION_WORDS) {
    if (word === topRight || word === bottomLeft) return version;
    for (const read of [topRight, bottomLeft]) {
      const difference = bitCount(read ^ word);
      if (difference < bestDifference) {
        best = version;
        bestDifference = difference;
      }
    }
  }
  return bestDifference <= 3 ? best : null;
}

function readFormat(size: number, at: Matrix): { level: number; mask: number } | null {
  let topLeft = 0;
  for (let u = 0; u <= 8; u++) if (u !== 6) topLeft = (topLeft << 1) | at(u, 8);
  for (let v = 7; v >= 0; v--) if (v !== 6) topLeft = (topLeft << 1) | at(8, v);
  let other = 0;
  for (let v = size - 1; v >= size - 7; v--) other = (other << 1) | at(8, v);
  for (let u = size - 8; u < size; u++) other = (other << 1) | at(u, 8);
  let best = -1;
  let bestDifference = Number.POSITIVE_INFINITY;
  // jsQR's table order: level M, L, H, Q (data bits 00, 01, 10, 11), each with masks 0-7.
  for (const [data, word] of FORMAT_WORDS.entries()) {
    if (word === topLeft || word === other) return formatOf(data);
    let difference = bitCount(topLeft ^ word);
    if (difference < bestDifference) {
      best = data;
      bestDifference = difference;
    }
    if (topLeft !== other) {
      difference = bitCount(other ^ word);
      if (difference < bestDifference) {
        best = data;
        bestDifference = difference;
      }
    }
  }
  return bestDifference <= 3 ? formatOf(best) : null;
}

function formatOf(data: number): { level: number; mask: number } {
  return { level: LEVEL_BY_BITS[(data >> 3) & 3] ?? 0, mask: data & 7 };
}

/** Is module (u, v) of the data mask's pattern inverted? u is the column, v the row. */
function masked(mask: number, u: number, v: number): boolean {
  switch (mask) {
    case 0:
      return (v + u) % 2 === 0;
    case 1:
      return v % 2 === 0;
    case 2:
      return u % 3 === 0;
    case 3:
      return (v + u) % 3 === 0;
    case 4:
      return (Math.floor(v / 2) + Math.floor(u / 3)) % 2 === 0;
    case 5:
      return ((u * v) % 2) + ((u * v) % 3) === 0;
    case 6:
      return (((v * u) % 2) + ((v * u) % 3)) % 2 === 0;
    default:
      return (((v + u) % 2) + ((v * u) % 3)) % 2 === 0;
  }
}

/** Centres of alignment patterns along one axis (ISO/IEC 18004 annex E, as a formula). */
export function alignmentCentres(version: number): number[] {
  if (version < 2) return [];
  const size = 17 + 4 * version;
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < count; pos -= step) out.splice(1, 0, pos);
  return out;
}

/** Modules that carry no data (finders, separators, format and version information, timing, alignment). */
function functionModules(version: number): Uint8Array {
  const size = 17 + 4 * version;
  const mask = new Uint8Array(size * size);
  const region = (u0: number, v0: number, w: number, h: number) => {
    for (let v = v0; v < v0 + h; v++) mask.fill(1, v * size + u0, v * size + u0 + w);
  };
  region(0, 0, 9, 9);
  region(size - 8, 0, 8, 9);
  region(0, size - 8, 9, 8);
  const centres = alignmentCentres(version);
  for (const u of centres) {
    for (const v of centres) {
      if ((u === 6 && v === 6) || (u === 6 && v === size - 7) || (u === size - 7 && v === 6)) continue;
      region(u - 2, v - 2, 5, 5);
    }
  }
  region(6, 9, 1, size - 17);
  region(9, 6, size - 17, 1);
  if (version > 6) {
    region(size - 11, 0, 3, 6);
    region(0, size - 11, 6, 3);
  }
  return mask;
}

const FUNCTION_MODULES = new Map<number, Uint8Array>();

function readCodewords(size: number, version: number, mask: number, at: Matrix): Uint8Array {
  let functions = FUNCTION_MODULES.get(version);
  if (functions === undefined) {
    functions = functionModules(version);
    FUNCTION_MODULES.set(version, functions);
  }
  const out = new Uint8Array(Math.floor((size * size) / 8));
  let count = 0;
  let current = 0;
  let bitsRead = 0;
  let up = true;
  for (let column = size - 1; column > 0; column -= 2) {
    if (column === 6) column--;
    for (let i = 0; i < size; i++) {
      const v = up ? size - 1 - i : i;
      for (let offset = 0; offset < 2; offset++) {
        const u = column - offset;
        if (functions[v * size + u] === 1) continue;
        let bit = at(u, v);
        if (masked(mask, u, v)) bit ^= 1;
        current = (current << 1) | bit;
        if (++bitsRead === 8) {
          out[count++] = current;
          bitsRead = 0;
          current = 0;
        }
      }
    }
    up = !up;
  }
  return out.subarray(0, count);
}

/** The data codewords, de-interleaved and corrected block by block; null when a block cannot be. */
function correctedData(codewords: Uint8Array, level: readonly number[]): Uint8Array | null {
  const [ecPerBlock = 0, ...groups] = level;
  const sizes: number[] = [];
  for (let g = 0; g + 1 < groups.length; g += 2) {
    for (let b = 0; b < (groups[g] ?? 0); b++) sizes.push(groups[g + 1] ?? 0);
  }
  const total = sizes.reduce((s, d) => s + d + ecPerBlock, 0);
  if (codewords.length < total) return null;
  const blocks = sizes.map((d) => new Uint8Array(d + ecPerBlock));
  const shortData = sizes[0] ?? 0;
  let next = 0;
  // Data codewords go round the blocks, the longer blocks' last one after; then the EC codewords.
  for (let i = 0; i < shortData; i++) for (const block of blocks) block[i] = codewords[next++] ?? 0;
  for (const [b, block] of blocks.entries())
    if ((sizes[b] ?? 0) > shortData) block[shortData] = codewords[next++] ?? 0;
  for (let i = 0; i < ecPerBlock; i++) {
    for (const [b, block] of blocks.entries()) block[(sizes[b] ?? 0) + i] = codewords[next++] ?? 0;
  }
  const data = new Uint8Array(sizes.reduce((s, d) => s + d, 0));
  let at = 0;
  for (const [b, block] of blocks.entries()) {
    if (!correctBlock(block, ecPerBlock)) return null;
    const d = sizes[b] ?? 0;
    data.set(block.subarray(0, d), at);
    at += d;
  }
  return data;
}

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/** Reads bits most significant first; null past the end (where jsQR throws). */
class Bits {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  available(): number {
    return 8 * this.bytes.length - this.offset;
  }

  read(count: number): number | null {
    if (count < 1 || count > 32 || count > this.available()) return null;
    let out = 0;
    for (let i = 0; i < count; i++, this.offset++) {
      out = (out << 1) | (((this.bytes[this.offset >> 3] ?? 0) >> (7 - (this.offset & 7))) & 1);
    }
    return out >>> 0;
  }
}

/** The data segments, as jsQR reads them; null where jsQR would fail. */
function readSegments(data: Uint8Array, version: number): GridRead {
  const bits = new Bits(data);
  const sizeClass = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  const chunks: GridChunk[] = [];
  while (bits.available() >= 4) {
    const mode = bits.read(4);
    if (mode === 0) return chunks;
    if (mode === 7) {
      const chunk = readEci(bits);
      if (chunk === null) return null;
      chunks.push(chunk);
    } else if (mode === 1 || mode === 2) {
      const text = mode === 1 ? readNumeric(bits, sizeClass) : readAlphanumeric(bits, sizeClass);
      if (text === null) return null;
      chunks.push({ type: mode === 1 ? "numeric" : "alphanumeric", text });
    } else if (mode === 4) {
      const length = bits.read([8, 16, 16][sizeClass] ?? 8);
      if (length === null) return null;
      const bytes: number[] = [];
      for (let i = 0; i < length; i++) {
        const b = bits.read(8);
        if (b === null) return null;
        bytes.push(b);
      }
      chunks.push({ type: "byte", bytes });
    } else if (mode === 8) {
      return "kanji";
    }
    // Other modes (structured append, FNC1) carry nothing jsQR reads: it goes on to the next 4 bits.
  }
  const rest = bits.available();
  if (rest === 0 || bits.read(rest) === 0) return chunks;
  return null;
}

function readEci(bits: Bits): GridChunk | null {
  for (const width of [7, 14, 21]) {
    const flag = bits.read(1);
    if (flag === null) return null;
    if (flag === 0) {
      const assignmentNumber = bits.read(width);
      return assignmentNumber === null ? null : { type: "eci", assignmentNumber };
    }
  }
  return { type: "eci", assignmentNumber: -1 };
}

function readNumeric(bits: Bits, sizeClass: number): string | null {
  let length = bits.read([10, 12, 14][sizeClass] ?? 10);
  if (length === null) return null;
  let text = "";
  for (; length >= 3; length -= 3) {
    const n = bits.read(10);
    if (n === null || n >= 1000) return null;
    text += String(n).padStart(3, "0");
  }
  if (length === 2) {
    const n = bits.read(7);
    if (n === null || n >= 100) return null;
    text += String(n).padStart(2, "0");
  } else if (length === 1) {
    const n = bits.read(4);
    if (n === null || n >= 10) return null;
    text += String(n);
  }
  return text;
}

function readAlphanumeric(bits: Bits, sizeClass: number): string | null {
  let length = bits.read([9, 11, 13][sizeClass] ?? 9);
  if (length === null) return null;
  let text = "";
  for (; length >= 2; length -= 2) {
    const n = bits.read(11);
    if (n === null) return null;
    const a = ALPHANUMERIC[Math.floor(n / 45)];
    const b = ALPHANUMERIC[n % 45];
    // jsQR throws on a pair past the table (its character lookup has no entry).
    if (a === undefined || b === undefined) return null;
    text += a + b;
  }
  if (length === 1) {
    const n = bits.read(6);
    const a = n === null ? undefined : ALPHANUMERIC[n];
    if (a === undefined) return null;
    text += a;
  }
  return text;
}
