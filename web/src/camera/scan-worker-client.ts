/** The page's side of the scan worker: frames go in transferred, texts come back; nothing decodes here. */
import type { ScanRequest, ScanResponse } from "#web/scan/scan-messages";

export interface FrameDecoder {
  /** Decodes one frame in the worker; the frame's pixel buffer is transferred (unusable afterwards). */
  decode(frame: ImageData): Promise<string | null>;
  terminate(): void;
}

function isScanResponse(value: unknown): value is ScanResponse {
  if (typeof value !== "object" || value === null) return false;
  const { id, text } = value as Record<string, unknown>;
  return typeof id === "number" && (typeof text === "string" || text === null);
}

/** Starts the module worker that runs decodeFrame. */
export function startScanWorker(): FrameDecoder {
  const worker = new Worker(new URL("../scan/scan-worker.ts", import.meta.url), { type: "module" });
  const waiting = new Map<
    number,
    { resolve: (text: string | null) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (!isScanResponse(event.data)) return;
    const entry = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    entry?.resolve(event.data.text);
  };
  worker.onerror = () => {
    for (const entry of waiting.values()) entry.reject(new Error("scan worker failed"));
    waiting.clear();
  };
  return {
    decode(frame) {
      const id = nextId++;
      const request: ScanRequest = { id, width: frame.width, height: frame.height, data: frame.data.buffer };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(request, [request.data]);
      });
    },
    terminate() {
      worker.terminate();
      for (const entry of waiting.values()) entry.reject(new Error("scan worker stopped"));
      waiting.clear();
    },
  };
}
