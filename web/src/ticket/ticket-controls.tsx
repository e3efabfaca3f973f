import { useEffect, useRef, useState } from "preact/hooks";
import type { Texts } from "#web/i18n/lang";
import { useLang, useTexts } from "#web/i18n/lang";
import { printTicket } from "./print-ticket.ts";
import type { TicketSource } from "./ticket-content.ts";
import { labelOf } from "./ticket-label.ts";

const AUTO_PRINT_KEY = "tiepdon.autoPrint";

const TEXTS: Texts<{ print: string; auto: string }> = {
  vi: { print: "In phiếu", auto: "Tự in phiếu sau mỗi lượt tiếp đón" },
  en: { print: "Print ticket", auto: "Print a ticket after each check-in" },
};

function readAutoPrint(): boolean {
  try {
    return localStorage.getItem(AUTO_PRINT_KEY) === "on";
  } catch {
    return false;
  }
}

function storeAutoPrint(on: boolean): void {
  try {
    localStorage.setItem(AUTO_PRINT_KEY, on ? "on" : "off");
  } catch {
    // Private mode may refuse storage; the switch still holds for this visit.
  }
}

/**
 * "In phiếu" for the answer on screen, and a remembered switch that prints each new check-in by
 * itself; a repeat scan of a patient who already has a ticket is not printed again by itself.
 */
export function TicketControls({
  answer,
}: {
  answer:
    | (Omit<TicketSource, "queueNumber"> & {
        checkinId: string;
        duplicate: boolean;
        queueNumber: number;
        queueSeries?: string | null;
      })
    | null;
}) {
  const lang = useLang();
  const t = useTexts(TEXTS);
  const [auto, setAuto] = useState(readAutoPrint);
  const printed = useRef<string | null>(null);

  useEffect(() => {
    if (answer === null || !auto || answer.duplicate || printed.current === answer.checkinId) return;
    printed.current = answer.checkinId;
    printTicket({ ...answer, queueNumber: labelOf(answer) }, lang);
    // Only a new answer prints by itself: turning the switch on does not print the one on screen.
  }, [answer]);

  return (
    <div class="ticket-controls">
      <button
        type="button"
        disabled={answer === null}
        onClick={() => {
          if (answer === null) return;
          printed.current = answer.checkinId;
          printTicket({ ...answer, queueNumber: labelOf(answer) }, lang);
        }}
      >
        🖨 {t.print}
      </button>
      <label class="check">
        <input
          type="checkbox"
          checked={auto}
          data-testid="auto-print"
          onChange={(event) => {
            const on = event.currentTarget.checked;
            setAuto(on);
            storeAutoPrint(on);
          }}
        />
        {t.auto}
      </label>
    </div>
  );
}
