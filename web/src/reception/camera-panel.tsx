import { useEffect, useRef, useState } from "preact/hooks";
import { rememberCamera, rememberedCamera } from "#web/camera/camera-choice";
import { listCameras } from "#web/camera/open-camera";
import type { FrameDecoder } from "#web/camera/scan-worker-client";
import { hasTorch, setTorch } from "#web/camera/torch";
import { useCamera } from "#web/camera/use-camera";
import { useFrameScanning } from "#web/camera/use-frame-scanning";
import { useTexts } from "#web/i18n/lang";
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import { CameraView } from "../ui/camera-view.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/** The counter's camera: live view, scan region, camera picker (remembered) and torch. */
export function CameraPanel(props: {
  decoder: FrameDecoder | null;
  onText: (text: string) => void;
  /** Every frame's result, read or not, and whether the camera is live: for the reader counts. */
  onFrame?: (scan: FrameScan, at: number) => void;
  onLive?: (live: boolean) => void;
}) {
  const t = useTexts(RECEPTION_TEXTS);
  const video = useRef<HTMLVideoElement>(null);
  const [deviceId, setDeviceId] = useState<string | null>(rememberedCamera());
  const [retry, setRetry] = useState(0);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [torchOn, setTorchOn] = useState(false);
  const state = useCamera(video, deviceId, true, retry);
  useFrameScanning(video, props.decoder, state.kind === "live", props.onText, props.onFrame);
  const { onLive } = props;
  useEffect(() => onLive?.(state.kind === "live"), [state, onLive]);

  // Labels appear only after the permission was granted, so list the cameras once one is live.
  useEffect(() => {
    if (state.kind !== "live") return;
    void listCameras().then(setCameras);
    setTorchOn(false);
  }, [state]);

  const liveId = state.kind === "live" ? state.deviceId : null;
  const torchTrack = state.kind === "live" && hasTorch(state.track) ? state.track : null;

  return (
    <section class="panel camera-panel" aria-label={t.camera}>
      <CameraView video={video} state={state} label={t.camera} />
      <div class="camera-controls">
        {cameras.length > 1 ? (
          <label>
            {t.cameraPick}
            <select
              value={liveId ?? ""}
              onChange={(event) => {
                const chosen = event.currentTarget.value;
                rememberCamera(chosen === "" ? null : chosen);
                setDeviceId(chosen === "" ? null : chosen);
              }}
            >
              {cameras.map((camera, index) => (
                <option key={camera.deviceId} value={camera.deviceId}>
                  {camera.label === "" ? `${t.cameraDefault} ${index + 1}` : camera.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {torchTrack === null ? null : (
          <button
            type="button"
            aria-pressed={torchOn}
            onClick={async () => {
              if (await setTorch(torchTrack, !torchOn)) setTorchOn(!torchOn);
            }}
          >
            {torchOn ? t.torchOff : t.torchOn}
          </button>
        )}
        {state.kind === "failed" ? (
          <button type="button" onClick={() => setRetry((n) => n + 1)}>
            {t.cameraRetry}
          </button>
        ) : null}
      </div>
      <p class="muted">{state.kind === "live" ? t.scanning : null}</p>
    </section>
  );
}
