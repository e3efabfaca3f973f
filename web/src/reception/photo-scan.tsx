import { useState } from "preact/hooks";
import type { FrameDecoder } from "#web/camera/scan-worker-client";
import { useTexts } from "#web/i18n/lang";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/** Large photos are scaled down first: a phone photo of 12 MP would take the worker seconds. */
const MAX_SIDE = 1600;

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
  onNothing: () => void;
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
      const text = image === null ? null : await props.decoder.decode(image);
      if (text === null) props.onNothing();
      else props.onText(text);
    } catch {
      props.onNothing();
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
