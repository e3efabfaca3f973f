import { useEffect, useRef, useState } from "preact/hooks";
import { type Room, roomListAnswerSchema } from "#domain/room-contract";
import { requestJson } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { type CallBoard, EMPTY_BOARD, takeCalls } from "#web/calls/call-board";
import { openCallStream, type StreamState } from "#web/calls/call-stream";
import { unlockAudio } from "#web/feedback/beep";
import { warmUpVoices } from "#web/feedback/speech";
import { useTexts } from "#web/i18n/lang";
import { makeAnnouncer } from "./announcer.ts";
import { DISPLAY_TEXTS } from "./display-texts.ts";

/** How often the room list (names, open or closed) is read again. */
const ROOMS_EVERY_MS = 5 * 60_000;

/** The waiting-room screen: each room's number being called, large, and the last calls. Numbers only. */
export function DisplayApp({ session }: { session: Session }) {
  const t = useTexts(DISPLAY_TEXTS);
  const asked = new URLSearchParams(location.search).get("facility");
  const [board, setBoard] = useState<CallBoard>(EMPTY_BOARD);
  const [rooms, setRooms] = useState<readonly Room[]>([]);
  const [state, setState] = useState<StreamState>("connecting");
  const [soundLocked, setSoundLocked] = useState(true);
  const [noVoice, setNoVoice] = useState(false);
  const boardRef = useRef(board);
  const announcer = useRef(makeAnnouncer(() => setNoVoice(true)));
  const facility = session.facility;
  const allowed = asked !== null && asked === facility;

  useEffect(() => {
    if (!allowed) return;
    let alive = true;
    const load = () =>
      requestJson(
        { method: "GET", path: "/api/rooms", token: session.token, retries: 2 },
        roomListAnswerSchema,
      )
        .then((answer) => {
          if (alive) setRooms(answer.rooms);
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, ROOMS_EVERY_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [allowed, session.token]);

  useEffect(() => {
    if (!allowed || facility === null) return;
    warmUpVoices();
    const speaker = announcer.current;
    const close = openCallStream({
      facility,
      token: session.token,
      lastCallId: () => boardRef.current.lastCallId,
      onState: setState,
      onCalls: (calls, live) => {
        const result = takeCalls(boardRef.current, calls, { live, now: Date.now() });
        boardRef.current = result.board;
        setBoard(result.board);
        if (result.announce.length > 0) speaker.announce(result.announce);
      },
    });
    return () => {
      close();
      speaker.stop();
    };
  }, [allowed, facility, session.token]);

  if (asked === null) return <p class="display-problem">{t.noFacility}</p>;
  if (!allowed) return <p class="display-problem">{t.wrongFacility(asked, facility ?? "—")}</p>;

  const shown = rooms.filter((room) => room.open || board.current[room.id] !== undefined);
  return (
    <main class="display">
      <header class="display-head">
        <h1>{t.title}</h1>
        <span class={`display-state ${state === "live" ? "ok" : "bad"}`} role="status">
          {state === "live" ? t.live : t.reconnecting}
        </span>
      </header>
      {soundLocked ? (
        <button
          type="button"
          class="display-sound"
          onClick={() => {
            unlockAudio();
            warmUpVoices();
            setSoundLocked(false);
          }}
        >
          {t.soundOn}
          <small>{t.soundHint}</small>
        </button>
      ) : null}
      {noVoice ? <p class="display-note">{t.noVoice}</p> : null}
      <section class="display-rooms" aria-label={t.nowCalling}>
        {shown.map((room) => {
          const call = board.current[room.id];
          return (
            <article class="display-room" key={room.id} data-room={room.id}>
              <h2>{t.room(room.number)}</h2>
              <p class="display-room-name">{room.name}</p>
              <p class="display-number" aria-live="polite">
                {call === undefined ? <span class="display-none">{t.nobodyYet}</span> : call.label}
              </p>
            </article>
          );
        })}
      </section>
      <section class="display-recent" aria-label={t.recent}>
        <h2>{t.recent}</h2>
        <ol>
          {board.recent.map((call) => (
            <li key={call.callId} data-call={call.callId}>
              <span class="display-recent-label">{call.label}</span>
              <span class="display-recent-room">{t.room(call.roomNumber)}</span>
              {call.kind === "recall" ? <span class="display-recent-kind">{t.recall}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
