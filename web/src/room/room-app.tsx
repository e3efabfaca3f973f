import { useState } from "preact/hooks";
import type { QueueTicket, TicketAction } from "#domain/room-contract";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { CurrentTicket } from "./current-ticket.tsx";
import { actOn, callNext } from "./room-api.ts";
import { ROOM_TEXTS } from "./room-texts.ts";
import { TicketRow } from "./ticket-row.tsx";
import { useRoomQueue } from "./use-room-queue.ts";

/** One exam room's queue for its staff: call next (priority first), recall, skip, bring back, done. */
export function RoomApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(ROOM_TEXTS);
  const { rooms, roomId, setRoomId, queue, now, problem, setProblem, refresh } = useRoomQueue(session);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(messagesOf(error));
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const act = (ticket: QueueTicket, action: TicketAction) =>
    run(() => actOn(session.token, roomId ?? "", ticket.number, action));

  const room = queue?.room ?? rooms.find((candidate) => candidate.id === roomId) ?? null;
  const current = queue?.called.find((ticket) => ticket.state === "called") ?? null;
  return (
    <main class="room-page">
      <header class="room-head">
        <h1>{t.title}</h1>
        <label class="room-pick">
          {t.pickRoom}
          <select value={roomId ?? ""} onChange={(event) => setRoomId(event.currentTarget.value)}>
            {rooms.map((option) => (
              <option key={option.id} value={option.id}>
                {t.room(option.number, option.name)}
              </option>
            ))}
          </select>
        </label>
        <LangSwitch />
        <button type="button" onClick={signOut}>
          {t.signOut}
        </button>
      </header>
      {problem === null ? null : (
        <p class="room-problem" role="alert">
          {problem[lang]}
        </p>
      )}
      {room !== null && !room.open ? <p class="room-problem">{t.closed(room.closedReason)}</p> : null}
      <CurrentTicket
        current={current}
        busy={busy}
        canCall={roomId !== null && room?.open !== false}
        act={(ticket, action) => void act(ticket, action)}
        callNext={() => void run(() => callNext(session.token, roomId ?? ""))}
      />
      <section class="room-list" aria-label={t.waiting(queue?.waiting.length ?? 0)}>
        <h2>{t.waiting(queue?.waiting.length ?? 0)}</h2>
        {queue === null || queue.waiting.length === 0 ? (
          <p>{t.nobody}</p>
        ) : (
          <ol class="room-waiting">
            {queue.waiting.map((ticket) => (
              <TicketRow key={ticket.number} ticket={ticket} now={now} />
            ))}
          </ol>
        )}
      </section>
      <section class="room-list" aria-label={t.missed(queue?.missed.length ?? 0)}>
        <h2>{t.missed(queue?.missed.length ?? 0)}</h2>
        {queue === null || queue.missed.length === 0 ? (
          <p>{t.nobody}</p>
        ) : (
          <ul class="room-missed">
            {queue.missed.map((ticket) => (
              <TicketRow key={ticket.number} ticket={ticket} now={now}>
                <button type="button" disabled={busy} onClick={() => void act(ticket, "return")}>
                  {t.bringBack}
                </button>
              </TicketRow>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
