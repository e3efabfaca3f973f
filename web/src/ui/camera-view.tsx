import type { ComponentChildren, RefObject } from "preact";
import { CAMERA_PROBLEMS } from "#web/camera/camera-errors";
import type { CameraState } from "#web/camera/use-camera";
import { useLang } from "#web/i18n/lang";

/** The live camera with the region to hold the card in, and what went wrong when it did not start. */
export function CameraView(props: {
  video: RefObject<HTMLVideoElement | null>;
  state: CameraState;
  label: string;
  children?: ComponentChildren;
}) {
  const lang = useLang();
  const { state } = props;
  return (
    <div class={`camera camera-${state.kind}`}>
      <video ref={props.video} muted playsInline autoPlay aria-label={props.label} />
      {state.kind === "live" ? <div class="scan-region" aria-hidden="true" /> : null}
      {state.kind === "failed" ? (
        <p class="camera-problem" role="alert" data-problem={state.problem}>
          {CAMERA_PROBLEMS[state.problem][lang]}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}
