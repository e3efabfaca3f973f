import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import { vnDay } from "#domain/vn-time";
import { type CheckinInput, newIdempotencyKey, postCheckin } from "#web/api/checkins";
import { ApiError, messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import type { Session } from "#web/auth/session";
import { useCamera } from "#web/camera/use-camera";
import { useFrameScanning } from "#web/camera/use-frame-scanning";
import { useScanWorker } from "#web/camera/use-scan-worker";
import { playCue, unlockAudio } from "#web/feedback/beep";
import { speakVietnamese, stopSpeaking, warmUpVoices } from "#web/feedback/speech";
import { currentLang, useLang, useTexts } from "#web/i18n/lang";
import { serverReachable } from "#web/offline/reachability";
import type { FrameScan } from "#web/scan/decode-frame";
import { makeReaderTracker, pageStorage, READER_TIMING } from "#web/scan-flow/reader-tracker";
import { makeRepeatFilter } from "#web/scan-flow/repeat-filter";
import { decideScan } from "#web/scan-flow/scan-decision";
import { useServiceWorkerUpdate } from "../offline/use-update.ts";
import { PrivacyNotice } from "../privacy/privacy-notice.tsx";
import { printTicket } from "../ticket/print-ticket.ts";
import { CameraView } from "../ui/camera-view.tsx";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { Keypad } from "./keypad.tsx";
import { KioskResult, RESET_SECONDS } from "./kiosk-result.tsx";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

type Step =
  | { kind: "scan" }
  | { kind: "keypad" }
  | { kind: "sending" }
  | { kind: "result"; answer: CheckinAnswerView }
  | { kind: "problem"; messages: Bilingual }
  /** No network or no server: patients are sent to the reception desk until it is back. */
  | { kind: "offline" };

/** How often the offline screen looks whether the server is back. */
const PROBE_MS = 5_000;

/** The spoken cue is always Vietnamese: the voice is for patients who may not read the screen. */
function speakResult(answer: CheckinAnswerView): void {
  const said = speakVietnamese(
    `Số thứ tự của ông bà là ${answer.queueNumber}. ${KIOSK_TEXTS.vi.plain[answer.status]}`,
  );
  if (!said) playCue(answer.status === "covered" ? "success" : "attention");
}

/** Self-service kiosk: hold the card up (or type the ID) → queue number. Two steps, then it resets. */
export function KioskApp({ session }: { session: Session }) {
  const lang = useLang();
  const t = useTexts(KIOSK_TEXTS);
  const [step, setStep] = useState<Step>(navigator.onLine ? { kind: "scan" } : { kind: "offline" });
  const update = useServiceWorkerUpdate();
  const decoder = useScanWorker();
  const video = useRef<HTMLVideoElement>(null);
  const camera = useCamera(video, null, true);
  const repeats = useRef(makeRepeatFilter(5_000));
  const reader = useRef(makeReaderTracker({ ...READER_TIMING, storage: pageStorage() }));
  const [cannotRead, setCannotRead] = useState(false);
  useEffect(() => reader.current.cameraLive(camera.kind === "live"), [camera]);

  const reset = useCallback(() => {
    stopSpeaking();
    setCannotRead(false);
    repeats.current.reset();
    setStep({ kind: "scan" });
  }, []);

  const checkIn = useCallback(
    async (scanned: CheckinInput) => {
      setStep({ kind: "sending" });
      const input = { ...scanned, reader: reader.current.report(new Date()) };
      try {
        const answer = await postCheckin(session.token, input, newIdempotencyKey());
        // A duplicate counted nothing: its failed scans go with the next check-in.
        if (!answer.duplicate) reader.current.counted(input.reader);
        setStep({ kind: "result", answer });
        speakResult(answer);
        // Every kiosk check-in prints its ticket, a repeat too: the patient may have lost the first.
        setTimeout(() => printTicket(answer, currentLang()), 0);
      } catch (error) {
        playCue("error");
        // The kiosk keeps no outbox: without the server the patient is checked in at the desk.
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500))
          setStep({ kind: "offline" });
        else setStep({ kind: "problem", messages: messagesOf(error) });
      }
    },
    [session.token],
  );

  // Offline: the screen says where to go, and comes back by itself once the server answers.
  useEffect(() => {
    const down = () => setStep({ kind: "offline" });
    window.addEventListener("offline", down);
    return () => window.removeEventListener("offline", down);
  }, []);
  useEffect(() => {
    if (step.kind !== "offline") return;
    let cancelled = false;
    const probe = async () => {
      if (navigator.onLine && (await serverReachable()) && !cancelled) reset();
    };
    window.addEventListener("online", probe);
    const timer = setInterval(probe, PROBE_MS);
    return () => {
      cancelled = true;
      window.removeEventListener("online", probe);
      clearInterval(timer);
    };
  }, [step, reset]);

  // A new version is let in between patients only, when the kiosk waits at its start screen.
  useEffect(() => {
    if (update !== null && step.kind === "scan") update();
  }, [update, step]);

  const onText = useCallback(
    (text: string) => {
      if (!repeats.current.accept(text, performance.now())) return;
      const decision = decideScan(text, vnDay(new Date()));
      // A patient who holds up the insurance card's QR is served with it: no method to choose at a kiosk.
      if (decision.kind === "send")
        void checkIn({ method: decision.method, payload: decision.payload, channel: "kiosk" });
      else if (decision.kind === "bhyt")
        void checkIn({ method: "bhyt-card", payload: decision.payload, channel: "kiosk" });
      else {
        reader.current.refused();
        playCue("error");
        setStep({ kind: "problem", messages: decision.messages });
      }
    },
    [checkIn],
  );
  const onFrame = useCallback((scan: FrameScan, at: number) => {
    if (reader.current.cameraFrame(scan, at)) setCannotRead(true);
  }, []);
  useFrameScanning(video, decoder, camera.kind === "live" && step.kind === "scan", onText, onFrame);

  // A problem screen also goes back by itself, so the next patient never meets an error.
  useEffect(() => {
    if (step.kind !== "problem" && step.kind !== "keypad") return;
    const timer = setTimeout(reset, step.kind === "keypad" ? 60_000 : RESET_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [step, reset]);

  useEffect(() => {
    warmUpVoices();
    // Full screen and audio both need a first touch; the first tap of the first patient gives it.
    const onFirstTouch = () => {
      unlockAudio();
      if (document.fullscreenElement === null)
        void document.documentElement.requestFullscreen?.().catch(() => undefined);
    };
    window.addEventListener("pointerdown", onFirstTouch, { once: true });
    return () => window.removeEventListener("pointerdown", onFirstTouch);
  }, []);

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
        {step.kind === "result" ? <KioskResult answer={step.answer} onDone={reset} /> : null}
        {step.kind === "offline" ? (
          <section class="kiosk-problem kiosk-offline" role="alert" data-testid="kiosk-offline">
            <h1>{t.offlineTitle}</h1>
            <p class="kiosk-plain">{t.offlineText}</p>
          </section>
        ) : null}
        {step.kind === "problem" ? (
          <section class="kiosk-problem" role="alert">
            <h1>{t.notIdCard}</h1>
            <p class="kiosk-plain">{step.messages[lang]}</p>
            <button type="button" class="big primary" onClick={reset}>
              {t.tryAgain}
            </button>
          </section>
        ) : null}
      </main>
      <PrivacyNotice page="kiosk" />
    </div>
  );
}
