/** Opens a camera with a fallback chain, because exact or too-demanding constraints fail on real devices. */
import { type CameraProblem, cameraProblemOf } from "./camera-errors.ts";

export type OpenResult =
  | { ok: true; stream: MediaStream; track: MediaStreamTrack; deviceId: string | null }
  | { ok: false; problem: CameraProblem };

/** The constraints tried in order: the chosen device, then a good resolution, then any camera. */
function constraintChain(deviceId: string | null): MediaStreamConstraints[] {
  const chain: MediaStreamConstraints[] = [];
  if (deviceId !== null) chain.push({ video: { deviceId: { exact: deviceId } }, audio: false });
  chain.push({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: { ideal: "environment" } },
    audio: false,
  });
  chain.push({ video: true, audio: false });
  return chain;
}

/** Tries each step of the chain; a denied permission stops at once (asking again cannot help). */
export async function openCamera(deviceId: string | null): Promise<OpenResult> {
  if (!window.isSecureContext) return { ok: false, problem: "insecure" };
  if (navigator.mediaDevices?.getUserMedia === undefined) return { ok: false, problem: "unsupported" };
  let problem: CameraProblem = "other";
  for (const constraints of constraintChain(deviceId)) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      const track = stream.getVideoTracks()[0];
      if (track === undefined) {
        for (const other of stream.getTracks()) other.stop();
        continue;
      }
      return { ok: true, stream, track, deviceId: track.getSettings().deviceId ?? null };
    } catch (error) {
      problem = cameraProblemOf(error);
      if (problem === "denied") break;
    }
  }
  return { ok: false, problem };
}

/** Video inputs with their labels (labels are empty until the permission was granted once). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (navigator.mediaDevices?.enumerateDevices === undefined) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === "videoinput");
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
