/// <reference lib="webworker" />
import { decodeFrame } from "./decode-frame.ts";
import type { ScanRequest, ScanResponse } from "./scan-messages.ts";

// Module worker: `new Worker(new URL("./scan-worker.ts", import.meta.url), { type: "module" })`.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ScanRequest>) => {
  const { id, width, height, data } = event.data;
  const started = performance.now();
  const text = decodeFrame({ data: new Uint8ClampedArray(data), width, height });
  const reply: ScanResponse = { id, text, ms: performance.now() - started };
  scope.postMessage(reply);
};
