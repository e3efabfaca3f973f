/** The torch (flash LED) of a camera track, where the device reports one. */

interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

type TorchConstraints = MediaTrackConstraints & {
  advanced: Array<MediaTrackConstraintSet & { torch: boolean }>;
};

/** True when the track can switch its torch (mostly phones and tablets). */
export function hasTorch(track: MediaStreamTrack): boolean {
  if (typeof track.getCapabilities !== "function") return false;
  const capabilities: TorchCapabilities = track.getCapabilities();
  return capabilities.torch === true;
}

/** Switches the torch; false when the device refused. */
export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<boolean> {
  const constraints: TorchConstraints = { advanced: [{ torch: on }] };
  try {
    await track.applyConstraints(constraints);
    return true;
  } catch {
    return false;
  }
}
