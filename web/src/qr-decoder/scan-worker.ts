/// <reference lib="webworker" />
import { scanFrame } from "./decode-frame.ts";
import { decodePhoto } from "./decode-photo.ts";
import type { ScanRequest, ScanResponse } from "./scan-messages.ts";

// Module worker: `new Worker(new URL("./scan-worker.ts", import.meta.url), { type: "module" })`.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ScanRequest>) => {
  const { id, width, height, data, kind } = event.data;
  const started = performance.now();
  const frame = { data: new Uint8ClampedArray(data), width, height };
  let reply: ScanResponse;
  if (kind === "photo") {
    const { text, hint } = decodePhoto(frame);
    reply = { id, text, hint, ms: performance.now() - started };
  } else {
    const { text, symbol } = scanFrame(frame);
    reply = { id, text, symbol, ms: performance.now() - started };
  }
  scope.postMessage(reply);
};
