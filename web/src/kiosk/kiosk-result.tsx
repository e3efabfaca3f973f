import { useEffect, useState } from "preact/hooks";
import type { KioskCheckinAnswer } from "#web/api/schemas";
import { useTexts } from "#web/i18n/lang";
import { StatusBadge } from "../ui/status-badge.tsx";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

/** Seconds the result stays before the kiosk is ready for the next patient. */
export const RESET_SECONDS = 10;

/**
 * The queue number, huge (the exam room's ticket when the facility has rooms: the kiosk sends no
 * room, so the facility's default room is used), and the coverage in plain words; goes back by itself.
 */
export function KioskResult({ answer, onDone }: { answer: KioskCheckinAnswer; onDone: () => void }) {
  const t = useTexts(KIOSK_TEXTS);
  const [left, setLeft] = useState(RESET_SECONDS);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = RESET_SECONDS - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) onDone();
      else setLeft(remaining);
    }, 250);
    return () => clearInterval(timer);
  }, [onDone]);
  return (
    <section class={`kiosk-result result-${answer.status}`} data-testid="kiosk-result">
      <p class="kiosk-label">{t.yourNumber}</p>
      <p class="kiosk-queue" data-testid="kiosk-queue">
        {answer.roomTicket?.label ?? answer.queueNumber}
      </p>
      {answer.roomTicket == null ? null : (
        <p class="kiosk-room" data-testid="kiosk-room">
          {answer.roomTicket.roomName}
        </p>
      )}
      {answer.patient.maskedName === null ? null : <p class="kiosk-name">{answer.patient.maskedName}</p>}
      <StatusBadge status={answer.status} large />
      <p class="kiosk-plain">{t.plain[answer.status]}</p>
      {answer.duplicate ? <p class="kiosk-hint">{t.already}</p> : null}
      <div class="kiosk-actions">
        <button type="button" class="big primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
      <p class="kiosk-hint" aria-live="off">
        {t.resetIn(left)}
      </p>
    </section>
  );
}
