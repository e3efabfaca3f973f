import type { QueueTicket, TicketAction } from "#domain/room-contract";
import { useTexts } from "#web/i18n/lang";
import { ROOM_TEXTS } from "./room-texts.ts";

interface Props {
  readonly current: QueueTicket | null;
  readonly busy: boolean;
  /** Calling is refused with no room chosen or a closed room. */
  readonly canCall: boolean;
  readonly act: (ticket: QueueTicket, action: TicketAction) => void;
  readonly callNext: () => void;
}

/** The ticket being served, with recall, skip and done, and the button that calls the next one. */
export function CurrentTicket({ current, busy, canCall, act, callNext }: Props) {
  const t = useTexts(ROOM_TEXTS);
  return (
    <section class="room-current" aria-label={t.current}>
      <h2>{t.current}</h2>
      {current === null ? (
        <p>{t.noneCalled}</p>
      ) : (
        <div class="room-current-ticket">
          <span class="room-current-label" data-number={current.number}>
            {current.label}
          </span>
          {current.priority ? <span class="room-mark">{t.priority}</span> : null}
          <span class="room-ticket-name">{current.name ?? ""}</span>
          <div class="room-actions">
            <button type="button" disabled={busy} onClick={() => act(current, "recall")}>
              {t.recall}
            </button>
            <button type="button" disabled={busy} onClick={() => act(current, "skip")}>
              {t.skip}
            </button>
            <button type="button" disabled={busy} onClick={() => act(current, "done")}>
              {t.done}
            </button>
          </div>
        </div>
      )}
      <button type="button" class="room-call-next primary" disabled={busy || !canCall} onClick={callNext}>
        {busy ? t.calling : t.callNext}
      </button>
    </section>
  );
}
