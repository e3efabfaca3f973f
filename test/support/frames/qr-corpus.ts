/** The public ZXing QR test corpus kept with the tests (`TIEPDON_QR_CORPUS` points elsewhere). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { readPng } from "./png.ts";
import type { RgbaFrame } from "./qr-frame.ts";

export const QR_CORPUS_DIR =
  process.env.TIEPDON_QR_CORPUS ?? fileURLToPath(new URL("../../fixtures/qr-corpus/zxing/", import.meta.url));

const manifestSchema = z.object({
  items: z.array(z.object({ set: z.string(), image: z.string(), expected: z.string() })),
});
export type CorpusItem = z.infer<typeof manifestSchema>["items"][number];

/** The corpus's images with the text ZXing expects of each, or null when the corpus is not there. */
export function readCorpusManifest(): CorpusItem[] | null {
  const manifest = join(QR_CORPUS_DIR, "manifest.json");
  if (!existsSync(manifest)) return null;
  return manifestSchema.parse(JSON.parse(readFileSync(manifest, "utf8"))).items;
}

/** One corpus image as an RGBA frame. */
export function readCorpusImage(item: Pick<CorpusItem, "image">): RgbaFrame {
  return readPng(readFileSync(join(QR_CORPUS_DIR, item.image)));
}
