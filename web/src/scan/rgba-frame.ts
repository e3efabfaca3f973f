/** An RGBA frame as returned by canvas `getImageData()`. */
export interface RgbaFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}
