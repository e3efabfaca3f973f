import { useEffect, useState } from "preact/hooks";
import { type FrameDecoder, startScanWorker } from "./scan-worker-client.ts";

/** One scan worker for the page's lifetime, shared by the camera and photo decoding. */
export function useScanWorker(): FrameDecoder | null {
  const [decoder, setDecoder] = useState<FrameDecoder | null>(null);
  useEffect(() => {
    const started = startScanWorker();
    setDecoder(started);
    return () => started.terminate();
  }, []);
  return decoder;
}
