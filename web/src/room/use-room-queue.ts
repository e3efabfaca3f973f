import { useCallback, useEffect, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { Room } from "#domain/room-contract";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { openCallStream, type StreamState } from "#web/calls/call-stream";
import { fetchQueue, fetchRooms, type RoomQueue, roomChoiceSchema } from "./room-api.ts";

const CHOICE_KEY = "tiepdon.room";
/**
 * While the real-time link is down the queue is read this often; while it is up, only when the
 * channel says this room's queue changed (a check-in, a call, a skip, a mark) or the link comes back.
 */
const FALLBACK_REFRESH_MS = 30_000;

function storedRoom(): string | null {
  try {
    const parsed = roomChoiceSchema.safeParse(localStorage.getItem(CHOICE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The facility's rooms, the chosen one (remembered in this browser) and its queue, read again when
 * the facility's channel says this room's queue changed, and on a slow timer only while the
 * channel is down.
 */
export function useRoomQueue(session: Session) {
  const [rooms, setRooms] = useState<readonly Room[]>([]);
  const [roomId, setRoomId] = useState<string | null>(storedRoom());
  const [queue, setQueue] = useState<RoomQueue | null>(null);
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
    const facility = session.facility;
    let timer: ReturnType<typeof setInterval> | undefined;
    const fallback = (state: StreamState) => {
      clearInterval(timer);
      timer = state === "live" ? undefined : setInterval(() => void refresh(), FALLBACK_REFRESH_MS);
    };
    fallback("connecting");
    // A check-in, a call or a skip of this room elsewhere shows here at once.
    let last: string | null = null;
    const close =
      facility === null
        ? () => undefined
        : openCallStream({
            facility,
            token: session.token,
            lastCallId: () => last,
            onState: (state) => {
              fallback(state);
              // Back on the channel: what changed while it was down is read once.
              if (state === "live") void refresh();
            },
            onQueue: (room) => {
              if (room === roomId) void refresh();
            },
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

  return { rooms, roomId, setRoomId, queue, now, problem, setProblem, refresh };
}
