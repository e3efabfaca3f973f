import { useEffect } from "preact/hooks";
import { unlockAudio } from "#web/feedback/beep";
import { warmUpVoices } from "#web/feedback/speech";
import { serverReachable } from "#web/offline/reachability";
import { RESET_SECONDS } from "./kiosk-result.tsx";
import type { KioskStep } from "./kiosk-step.ts";

/** How often the offline screen looks whether the server is back. */
const PROBE_MS = 5_000;
/** How long the keypad waits for a patient who walked away. */
const KEYPAD_IDLE_MS = 60_000;

/** Offline: the screen says where to go, and comes back by itself once the server answers. */
export function useOfflineScreen(
  step: KioskStep,
  setStep: (step: KioskStep) => void,
  reset: () => void,
): void {
  useEffect(() => {
    const down = () => setStep({ kind: "offline" });
    window.addEventListener("offline", down);
    return () => window.removeEventListener("offline", down);
  }, [setStep]);
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
}

/**
 * A problem screen, an idle keypad and an untouched room choice go back by themselves, so the next
 * patient never meets an error or the last patient's card.
 */
export function useBackToStart(step: KioskStep, reset: () => void): void {
  useEffect(() => {
    if (step.kind !== "problem" && step.kind !== "keypad" && step.kind !== "room") return;
    const timer = setTimeout(reset, step.kind === "problem" ? RESET_SECONDS * 1000 : KEYPAD_IDLE_MS);
    return () => clearTimeout(timer);
  }, [step, reset]);
}

/** Full screen and audio both need a first touch; the first tap of the first patient gives it. */
export function useFirstTouch(): void {
  useEffect(() => {
    warmUpVoices();
    const onFirstTouch = () => {
      unlockAudio();
      if (document.fullscreenElement === null)
        void document.documentElement.requestFullscreen?.().catch(() => undefined);
    };
    window.addEventListener("pointerdown", onFirstTouch, { once: true });
    return () => window.removeEventListener("pointerdown", onFirstTouch);
  }, []);
}
