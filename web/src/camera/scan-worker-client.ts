/** The page's side of the scan worker: frames go in transferred, texts (and "a code was in view") come back; nothing decodes here. */
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import type { PhotoHint } from "#web/qr-decoder/decode-photo";
import type { ScanRequest, ScanResponse } from "#web/qr-decoder/scan-messages";

export interface FrameDecoder {
  /** Decodes one frame in the worker; the frame's pixel buffer is transferred (unusable afterwards). */
  decode(frame: ImageData): Promise<FrameScan>;
  /** Searches a photo of the card harder (scales, a turn, quarters); says what to retake when nothing is read. */
  decodePhoto(photo: ImageData): Promise<{ text: string | null; hint: PhotoHint | null }>;
  terminate(): void;
}

function isScanResponse(value: unknown): value is ScanResponse {
  if (typeof value !== "object" || value === null) return false;
  const { id, text } = value as Record<string, unknown>;
  return typeof id === "number" && (typeof text === "string" || text === null);
}

/** Starts the module worker that runs decodeFrame. */
export function startScanWorker(): FrameDecoder {
  const worker = new Worker(new URL("../qr-decoder/scan-worker.ts", import.meta.url), { type: "module" });
  const waiting = new Map<
    number,
    { resolve: (response: ScanResponse) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (!isScanResponse(event.data)) return;
    const entry = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    entry?.resolve(event.data);
  };
  worker.onerror = () => {
    for (const entry of waiting.values()) entry.reject(new Error("scan worker failed"));
    waiting.clear();
  };
  const send = (image: ImageData, kind: "frame" | "photo") => {
    const id = nextId++;
    const request: ScanRequest = {
      id,
      width: image.width,
      height: image.height,
      data: image.data.buffer,
      kind,
    };
    return new Promise<ScanResponse>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage(request, [request.data]);
    });
  };
  return {
    async decode(frame) {
      const response = await send(frame, "frame");
      return { text: response.text, symbol: response.symbol ?? false };
    },
    async decodePhoto(photo) {
      const response = await send(photo, "photo");
      return { text: response.text, hint: response.hint ?? null };
    },
    terminate() {
      worker.terminate();
      for (const entry of waiting.values()) entry.reject(new Error("scan worker stopped"));
      waiting.clear();
    },
  };
}
