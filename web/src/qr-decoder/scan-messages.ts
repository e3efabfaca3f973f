import type { PhotoHint } from "./decode-photo.ts";

/**
 * Messages between the reception page and the QR scan worker (`scan-worker.ts`).
 *
 * The page posts a {@link ScanRequest} with the frame's pixels transferred, not copied:
 * `worker.postMessage(request, [request.data])`. The worker answers each request with one
 * {@link ScanResponse} carrying the same `id`.
 */

/** One camera frame to decode: RGBA bytes as from `getImageData()`, width × height × 4 long. */
export interface ScanRequest {
  /** Chosen by the page to match the answer to its frame (e.g. a counter). */
  id: number;
  width: number;
  height: number;
  /** The RGBA pixels; transferred, so the page must not use the buffer afterwards. */
  data: ArrayBuffer;
  /** A photo of the card is searched harder than a camera frame (absent: a frame). */
  kind?: "frame" | "photo";
}

/** The worker's answer to one {@link ScanRequest}. */
export interface ScanResponse {
  id: number;
  /** The QR text (UTF-8 decoded), or null when the frame held no readable code. */
  text: string | null;
  /** For a camera frame: true when a QR symbol was in view, read or not. */
  symbol?: boolean;
  /** Time spent decoding in the worker, in milliseconds. */
  ms: number;
  /** For a photo read without a result: what to retake. */
  hint?: PhotoHint | null;
}
