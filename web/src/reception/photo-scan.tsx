import { useState } from "preact/hooks";
import type { FrameDecoder } from "#web/camera/scan-worker-client";
import { useTexts } from "#web/i18n/lang";
import type { PhotoHint } from "#web/qr-decoder/decode-photo";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/**
 * Photos are drawn at most this large (a 12 MP phone photo is 4000 px wide): enough detail for a
 * code that is small in the photo, while the worker's search stays within a few hundred ms.
 */
const MAX_SIDE = 3072;

async function imageDataOf(file: File): Promise<ImageData | null> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (context === null) return null;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return context.getImageData(0, 0, width, height);
}

/** Reads the QR from a photo of the card, in the same worker as the camera frames. */
export function PhotoScan(props: {
  decoder: FrameDecoder | null;
  onText: (text: string) => void;
  onNothing: (hint: PhotoHint | null) => void;
}) {
  const t = useTexts(RECEPTION_TEXTS);
  const [reading, setReading] = useState(false);
  const onChange = async (event: Event) => {
    const input = event.currentTarget;
    if (!(input instanceof HTMLInputElement)) return;
    const file = input.files?.[0];
    input.value = "";
    if (file === undefined || props.decoder === null) return;
    setReading(true);
    try {
      const image = await imageDataOf(file);
      const read = image === null ? { text: null, hint: null } : await props.decoder.decodePhoto(image);
      if (read.text === null) props.onNothing(read.hint);
      else props.onText(read.text);
    } catch {
      props.onNothing(null);
    } finally {
      setReading(false);
    }
  };
  return (
    <label class="button photo-scan">
      <input type="file" accept="image/*" class="visually-hidden" onChange={onChange} disabled={reading} />
      {reading ? t.photoReading : t.photo}
    </label>
  );
}
