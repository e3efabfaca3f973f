/** An RGBA frame as returned by canvas `getImageData()`. */
export interface RgbaFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /**
   * Read the frame as its negative (a light-on-dark code): every luma is taken of the inverted
   * colours, exactly as if the pixels had been inverted, without a copy of the frame.
   */
  negative?: boolean;
}

/** 255 × 256: the BT.601 weights (77, 150, 29) times white, so an inverted pixel's weighted sum is this minus the pixel's. */
export const NEGATIVE_LUMA_SUM = 65_280;

/** Whether this machine stores a 32-bit word's low byte first (every browser's CPU does). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Bit offsets of R, G, B and A inside one pixel read as a 32-bit word on this machine. */
export const CHANNEL_SHIFT = LITTLE_ENDIAN
  ? ({ r: 0, g: 8, b: 16, a: 24 } as const)
  : ({ r: 24, g: 16, b: 8, a: 0 } as const);

/** The frame's pixels as one 32-bit word each: a view of its buffer, or a copy when that is not aligned. */
export function pixelWords(frame: RgbaFrame): Uint32Array {
  const data = frame.data.byteOffset % 4 === 0 ? frame.data : frame.data.slice();
  return new Uint32Array(data.buffer, data.byteOffset, frame.width * frame.height);
}

/** An opaque pixel's 32-bit word for these channel values (0–255, fractions dropped). */
export function pixelWord(r: number, g: number, b: number): number {
  const { r: rs, g: gs, b: bs, a: as } = CHANNEL_SHIFT;
  return (((r & 255) << rs) | ((g & 255) << gs) | ((b & 255) << bs) | (255 << as)) >>> 0;
}
