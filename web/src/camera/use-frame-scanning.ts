import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { startFramePump } from "./frame-pump.ts";
import type { FrameDecoder } from "./scan-worker-client.ts";

/** Runs the frame pump while `active`; the latest `onText` is always the one called. */
export function useFrameScanning(
  video: RefObject<HTMLVideoElement | null>,
  decoder: FrameDecoder | null,
  active: boolean,
  onText: (text: string) => void,
): void {
  const latest = useRef(onText);
  latest.current = onText;
  useEffect(() => {
    const element = video.current;
    if (!active || decoder === null || element === null) return;
    const pump = startFramePump({ video: element, decoder, onText: (text) => latest.current(text) });
    return () => pump.stop();
  }, [video, decoder, active]);
}
