import { useEffect, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { PriorityMark } from "#domain/priority";
import type { RoomTicket } from "#domain/room-contract";
import { messagesOf } from "#web/api/client";
import { postMark } from "#web/api/rooms";
import { useLang, useTexts } from "#web/i18n/lang";
import { RECEPTION_ROOM_TEXTS } from "./room-texts.ts";

/** The marks a receptionist taps; the ages come from the birth date. */
const TAPPED: readonly PriorityMark[] = ["pregnant", "disability", "merit", "emergency"];

/** The room ticket on the result card, its priority marks, one tap to add or remove each. */
export function RoomTicketMarks({ token, ticket }: { token: string; ticket: RoomTicket }) {
  const lang = useLang();
  const t = useTexts(RECEPTION_ROOM_TEXTS);
  const [marks, setMarks] = useState<readonly PriorityMark[]>(ticket.marks);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Bilingual | null>(null);
  useEffect(() => {
    setMarks(ticket.marks);
    setProblem(null);
  }, [ticket]);

  const toggle = (mark: PriorityMark) => {
    setBusy(true);
    const change = marks.includes(mark) ? { remove: mark } : { add: mark };
    postMark(token, ticket.room, ticket.number, change)
      .then((answer) => {
        setMarks(answer.marks);
        setProblem(null);
      })
      .catch((error: unknown) => setProblem(messagesOf(error)))
      .finally(() => setBusy(false));
  };
  const ageMarks = marks.filter((mark) => !TAPPED.includes(mark));

  return (
    <div class="room-ticket-box" data-testid="room-ticket">
      <div class="room-ticket-head">
        <span class="queue-label">{t.roomTicket}</span>
        <span class="room-ticket-label" data-testid="room-ticket-label">
          {ticket.label}
        </span>
        <span class="muted">{t.waitAt(ticket.roomName)}</span>
        {marks.length > 0 ? (
          <span class="tag tag-warn" data-testid="priority-tag">
            {t.priority}
          </span>
        ) : null}
      </div>
      <fieldset class="priority-marks">
        <legend class="visually-hidden">{t.priority}</legend>
        {ageMarks.map((mark) => (
          <button
            type="button"
            key={mark}
            aria-pressed="true"
            aria-label={t.remove(t.marks[mark])}
            disabled={busy}
            onClick={() => toggle(mark)}
          >
            {t.marks[mark]} ✕
          </button>
        ))}
        {TAPPED.map((mark) => (
          <button
            type="button"
            key={mark}
            aria-pressed={marks.includes(mark) ? "true" : "false"}
            disabled={busy}
            onClick={() => toggle(mark)}
          >
            {t.marks[mark]}
          </button>
        ))}
      </fieldset>
      {problem === null ? null : (
        <p class="notice notice-error" role="alert">
          {problem[lang]}
        </p>
      )}
    </div>
  );
}
