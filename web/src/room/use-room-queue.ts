import { useCallback, useEffect, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { Room } from "#domain/room-contract";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { openCallStream } from "#web/calls/call-stream";
import { fetchQueue, fetchRooms, type RoomQueue, roomChoiceSchema } from "./room-api.ts";

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

/**
 * The facility's rooms, the chosen one (remembered in this browser) and its queue, read again on a
 * timer and at once when someone calls this room elsewhere.
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

  return { rooms, roomId, setRoomId, queue, now, problem, setProblem, refresh };
}
