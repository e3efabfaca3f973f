import { useCallback, useEffect, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { QueueTicket, Room, TicketAction } from "#domain/room-contract";
import { waitingMinutes } from "#domain/room-queue";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { openCallStream } from "#web/calls/call-stream";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { actOn, callNext, fetchQueue, fetchRooms, type RoomQueue, roomChoiceSchema } from "./room-api.ts";
import { ROOM_TEXTS } from "./room-texts.ts";

const CHOICE_KEY = "tiepdon.room";
/** The queue is read again this often (reception adds patients between calls). */
const REFRESH_MS = 5_000;

function storedRoom(): string | null {
  try {
    const parsed = roomChoiceSchema.safeParse(localStorage.getItem(CHOICE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function TicketRow(props: { ticket: QueueTicket; now: Date; children?: preact.ComponentChildren }) {
  const t = useTexts(ROOM_TEXTS);
  const { ticket } = props;
  return (
    <li class="room-ticket" data-number={ticket.number}>
      <span class="room-ticket-label">{ticket.label}</span>
      {ticket.priority ? <span class="room-mark">{t.priority}</span> : null}
      <span class="room-ticket-name">{ticket.name ?? ""}</span>
      <span class="room-ticket-wait">{t.minutes(waitingMinutes(ticket.arrivedAt, props.now))}</span>
      {props.children}
    </li>
  );
}

/** One exam room's queue for its staff: call next (priority first), recall, skip, bring back, done. */
export function RoomApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(ROOM_TEXTS);
  const [rooms, setRooms] = useState<readonly Room[]>([]);
  const [roomId, setRoomId] = useState<string | null>(storedRoom());
  const [queue, setQueue] = useState<RoomQueue | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Bilingual | null>(null);
  const [now, setNow] = useState(new Date());

  useEffect(() => {
    fetchRooms(session.token)
      .then((answer) => {
        setRooms(answer.rooms);
        setRoomId((chosen) =>
          chosen !== null && answer.rooms.some((room) => room.id === chosen)
            ? chosen
            : (answer.rooms[0]?.id ?? null),
        );
      })
      .catch((error: unknown) => setProblem(messagesOf(error)));
  }, [session.token]);

  const refresh = useCallback(async () => {
    if (roomId === null) return;
    try {
      setQueue(await fetchQueue(session.token, roomId));
      setNow(new Date());
    } catch (error) {
      setProblem(messagesOf(error));
    }
  }, [roomId, session.token]);

  useEffect(() => {
    if (roomId === null) return;
    try {
      localStorage.setItem(CHOICE_KEY, roomId);
    } catch {
      // Without storage the first room is offered next time.
    }
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const facility = session.facility;
    // Another person calling this room shows here at once.
    let last: string | null = null;
    const close =
      facility === null
        ? () => undefined
        : openCallStream({
            facility,
            token: session.token,
            lastCallId: () => last,
            onState: () => undefined,
            onCalls: (calls) => {
              last = calls.reduce<string | null>(
                (max, call) => (max === null || call.callId > max ? call.callId : max),
                last,
              );
              if (calls.some((call) => call.room === roomId)) void refresh();
            },
          });
    return () => {
      clearInterval(timer);
      close();
    };
  }, [roomId, refresh, session.facility, session.token]);

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
              <button type="button" disabled={busy} onClick={() => void act(current, "recall")}>
                {t.recall}
              </button>
              <button type="button" disabled={busy} onClick={() => void act(current, "skip")}>
                {t.skip}
              </button>
              <button type="button" disabled={busy} onClick={() => void act(current, "done")}>
                {t.done}
              </button>
            </div>
          </div>
        )}
        <button
          type="button"
          class="room-call-next primary"
          disabled={busy || roomId === null || room?.open === false}
          onClick={() => void run(() => callNext(session.token, roomId ?? ""))}
        >
          {busy ? t.calling : t.callNext}
        </button>
      </section>
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
