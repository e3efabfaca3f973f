import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Session } from "#web/auth/session";
import { useCamera } from "#web/camera/use-camera";
import { useFrameScanning } from "#web/camera/use-frame-scanning";
import { useScanWorker } from "#web/camera/use-scan-worker";
import { stopSpeaking } from "#web/feedback/speech";
import { useTexts } from "#web/i18n/lang";
import { useServiceWorkerUpdate } from "../offline/use-update.ts";
import { PrivacyNotice } from "../privacy/privacy-notice.tsx";
import { CameraView } from "../ui/camera-view.tsx";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { Keypad } from "./keypad.tsx";
import { KioskAskDesk, KioskOffline, KioskProblem } from "./kiosk-notices.tsx";
import { KioskResult } from "./kiosk-result.tsx";
import { KioskRoomChoice } from "./kiosk-room-choice.tsx";
import type { KioskStep } from "./kiosk-step.ts";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";
import { useKioskCheckin } from "./use-kiosk-checkin.ts";
import { useBackToStart, useFirstTouch, useOfflineScreen } from "./use-kiosk-screen.ts";

/** Self-service kiosk: hold the card up (or type the ID) → queue number. Two steps, then it resets. */
export function KioskApp({
  session,
  renew,
}: {
  session: Session;
  /** A fresh token when the server refused this one (401), or null when the kiosk must be enrolled again. */
  renew: () => Promise<string | null>;
}) {
  const t = useTexts(KIOSK_TEXTS);
  const [step, setStep] = useState<KioskStep>(navigator.onLine ? { kind: "scan" } : { kind: "offline" });
  const update = useServiceWorkerUpdate();
  const decoder = useScanWorker();
  const video = useRef<HTMLVideoElement>(null);
  const camera = useCamera(video, null, true);
  const { checkIn, send, onText, onFrame, cannotRead, clear } = useKioskCheckin(
    session.token,
    renew,
    camera,
    setStep,
  );

  const reset = useCallback(() => {
    stopSpeaking();
    clear();
    setStep({ kind: "scan" });
  }, [clear]);

  useOfflineScreen(step, setStep, reset);

  // A new version is let in between patients only, when the kiosk waits at its start screen.
  useEffect(() => {
    if (update !== null && step.kind === "scan") update();
  }, [update, step]);

  useFrameScanning(video, decoder, camera.kind === "live" && step.kind === "scan", onText, onFrame);
  useBackToStart(step, reset);
  useFirstTouch();

  return (
    <div class="kiosk">
      <header class="kiosk-head">
        <span class="kiosk-facility">{t.kiosk(session.facility ?? "—")}</span>
        <LangSwitch />
      </header>
      <main class="kiosk-main">
        <section
          class={step.kind === "scan" ? "scan-step" : "scan-step hidden-step"}
          aria-hidden={step.kind !== "scan"}
        >
          <h1>{t.hold}</h1>
          <CameraView video={video} state={camera} label={t.camera} />
          <p class="kiosk-hint" role={cannotRead ? "alert" : undefined} data-testid="kiosk-hint">
            {cannotRead ? t.cannotRead : t.holdHint}
          </p>
          <button type="button" class="big" onClick={() => setStep({ kind: "keypad" })}>
            {t.typeInstead}
          </button>
        </section>
        {step.kind === "keypad" ? (
          <Keypad
            onBack={reset}
            onDone={(idNumber) => void checkIn({ method: "manual-id", payload: idNumber, channel: "kiosk" })}
          />
        ) : null}
        {step.kind === "sending" ? <p class="kiosk-sending">{t.sending}</p> : null}
        {step.kind === "room" ? (
          <KioskRoomChoice
            rooms={step.rooms}
            onBack={reset}
            onChoose={(room) => void send({ ...step.scanned, room })}
          />
        ) : null}
        {step.kind === "result" ? <KioskResult answer={step.answer} onDone={reset} /> : null}
        {step.kind === "offline" ? <KioskOffline /> : null}
        {step.kind === "desk" ? <KioskAskDesk onDone={reset} /> : null}
        {step.kind === "problem" ? <KioskProblem messages={step.messages} onDone={reset} /> : null}
      </main>
      {/* The notice is for the start screen; a patient's result must fit the screen unscrolled. */}
      {step.kind === "result" ? null : <PrivacyNotice page="kiosk" />}
    </div>
  );
}
