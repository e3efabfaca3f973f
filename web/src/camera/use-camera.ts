import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { CameraProblem } from "./camera-errors.ts";
import { openCamera, stopStream } from "./open-camera.ts";

export type CameraState =
  | { readonly kind: "off" }
  | { readonly kind: "starting" }
  | { readonly kind: "live"; readonly track: MediaStreamTrack; readonly deviceId: string | null }
  | { readonly kind: "failed"; readonly problem: CameraProblem };

/** Opens the camera into the video element while `enabled`; reopens when the device changes. */
export function useCamera(
  video: RefObject<HTMLVideoElement | null>,
  deviceId: string | null,
  enabled: boolean,
  retry = 0,
): CameraState {
  const [state, setState] = useState<CameraState>({ kind: enabled ? "starting" : "off" });
  useEffect(() => {
    if (!enabled) {
      setState({ kind: "off" });
      return;
    }
    let stream: MediaStream | null = null;
    let cancelled = false;
    setState({ kind: "starting" });
    openCamera(deviceId).then(async (result) => {
      if (!result.ok) {
        if (!cancelled) setState({ kind: "failed", problem: result.problem });
        return;
      }
      if (cancelled) {
        stopStream(result.stream);
        return;
      }
      stream = result.stream;
      const element = video.current;
      if (element !== null) {
        element.srcObject = result.stream;
        await element.play().catch(() => undefined);
      }
      // The track ending (camera unplugged) is a failure the clerk should see.
      result.track.addEventListener("ended", () => {
        if (!cancelled) setState({ kind: "failed", problem: "not-found" });
      });
      if (!cancelled) setState({ kind: "live", track: result.track, deviceId: result.deviceId });
    });
    return () => {
      cancelled = true;
      stopStream(stream);
      if (video.current !== null) video.current.srcObject = null;
    };
  }, [video, deviceId, enabled, retry]);
  return state;
}
