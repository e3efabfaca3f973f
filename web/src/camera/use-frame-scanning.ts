import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import { startFramePump } from "./frame-pump.ts";
import type { FrameDecoder } from "./scan-worker-client.ts";

/** Runs the frame pump while `active`; the latest `onText` and `onFrame` are always the ones called. */
export function useFrameScanning(
  video: RefObject<HTMLVideoElement | null>,
  decoder: FrameDecoder | null,
  active: boolean,
  onText: (text: string) => void,
  onFrame?: (scan: FrameScan, at: number) => void,
): void {
  const latest = useRef(onText);
  latest.current = onText;
  const latestFrame = useRef(onFrame);
  latestFrame.current = onFrame;
  useEffect(() => {
    const element = video.current;
    if (!active || decoder === null || element === null) return;
    const pump = startFramePump({
      video: element,
      decoder,
      onText: (text) => latest.current(text),
      onFrame: (scan, at) => latestFrame.current?.(scan, at),
    });
    return () => pump.stop();
  }, [video, decoder, active]);
}
