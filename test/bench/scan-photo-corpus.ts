/**
 * The photo path on the public ZXing corpus: every image as it is, turned 90°, 180° and 270°, and
 * blown up to a phone photo's 4000 px, each read by decodePhoto within its time budget. A turned or
 * enlarged image must be read whenever the image as it is was read.
 */

import type { RgbaFrame } from "#test/support/frames/qr-frame";
import { scaleToLongSide, turnFrame } from "#test/support/frames/transform";
import { decodePhoto } from "#web/qr-decoder/decode-photo";
import { median } from "./support/figures.ts";

export const PHOTO_VARIANTS = [
  "as is",
  "turned 90°",
  "turned 180°",
  "turned 270°",
  "scaled to 4000 px",
] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

export interface PhotoVariantFigures {
  readonly variant: PhotoVariant;
  readonly read: number;
  readonly images: number;
  /** Images read as they are but not in this variant. */
  readonly lost: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

export interface PhotoCorpusFigures {
  readonly variants: PhotoVariantFigures[];
}

function variantOf(frame: RgbaFrame, variant: PhotoVariant): RgbaFrame {
  switch (variant) {
    case "as is":
      return frame;
    case "turned 90°":
      return turnFrame(frame, 1);
    case "turned 180°":
      return turnFrame(frame, 2);
    case "turned 270°":
      return turnFrame(frame, 3);
    case "scaled to 4000 px":
      return scaleToLongSide(frame, 4000);
  }
}

export function measurePhotoCorpus(
  samples: ReadonlyArray<{ frame: RgbaFrame; expected: string | null }>,
): PhotoCorpusFigures {
  const withCode = samples.filter((s): s is { frame: RgbaFrame; expected: string } => s.expected !== null);
  const readAsIs = new Set<number>();
  const variants: PhotoVariantFigures[] = [];
  const first = withCode[0];
  if (first !== undefined) decodePhoto(first.frame);
  for (const variant of PHOTO_VARIANTS) {
    const times: number[] = [];
    let read = 0;
    let lost = 0;
    for (const [i, sample] of withCode.entries()) {
      const photo = variantOf(sample.frame, variant);
      const started = performance.now();
      const text = decodePhoto(photo).text;
      times.push(performance.now() - started);
      const right = text === sample.expected;
      if (right) read++;
      if (variant === "as is" && right) readAsIs.add(i);
      else if (readAsIs.has(i) && !right) lost++;
    }
    variants.push({
      variant,
      read,
      images: withCode.length,
      lost,
      medianMs: median(times),
      maxMs: Math.max(...times),
    });
  }
  return { variants };
}
