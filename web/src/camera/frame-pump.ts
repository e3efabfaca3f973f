/**
 * Feeds video frames to the scan worker: one frame in flight at a time, paced by the video's own
 * frames (requestVideoFrameCallback, else requestAnimationFrame), paused while the tab is hidden.
 */
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import type { FrameDecoder } from "./scan-worker-client.ts";

export interface FramePumpOptions {
  readonly video: HTMLVideoElement;
  readonly decoder: FrameDecoder;
  readonly onText: (text: string) => void;
  /** Every frame's result with the time it was taken (performance.now()), read or not. */
  readonly onFrame?: (scan: FrameScan, at: number) => void;
  /** Least time between two frames sent, so an idle counter PC does not spin a core. */
  readonly minIntervalMs?: number;
}

export interface FramePump {
  stop(): void;
}

type Scheduled = { kind: "video"; handle: number } | { kind: "frame"; handle: number };

export function startFramePump(options: FramePumpOptions): FramePump {
  const { video, decoder, onText } = options;
  const minInterval = options.minIntervalMs ?? 80;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let scheduled: Scheduled | null = null;
  let inFlight = false;
  let stopped = false;
  let lastSent = 0;

  const cancel = () => {
    if (scheduled === null) return;
    if (scheduled.kind === "video") video.cancelVideoFrameCallback(scheduled.handle);
    else cancelAnimationFrame(scheduled.handle);
    scheduled = null;
  };

  const schedule = () => {
    if (stopped || inFlight || scheduled !== null || document.hidden) return;
    scheduled =
      typeof video.requestVideoFrameCallback === "function"
        ? { kind: "video", handle: video.requestVideoFrameCallback(onFrame) }
        : { kind: "frame", handle: requestAnimationFrame(onFrame) };
  };

  const grab = (): ImageData | null => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (
      context === null ||
      width === 0 ||
      height === 0 ||
      video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA
    )
      return null;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  };

  function onFrame(): void {
    scheduled = null;
    if (stopped || document.hidden) return;
    const now = performance.now();
    const frame = now - lastSent >= minInterval ? grab() : null;
    if (frame === null) {
      schedule();
      return;
    }
    lastSent = now;
    inFlight = true;
    decoder
      .decode(frame)
      .then((scan) => {
        if (stopped) return;
        options.onFrame?.(scan, now);
        if (scan.text !== null) onText(scan.text);
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        schedule();
      });
  }

  const onVisibility = () => {
    if (document.hidden) cancel();
    else schedule();
  };
  document.addEventListener("visibilitychange", onVisibility);
  schedule();

  return {
    stop() {
      stopped = true;
      cancel();
      document.removeEventListener("visibilitychange", onVisibility);
    },
  };
}
