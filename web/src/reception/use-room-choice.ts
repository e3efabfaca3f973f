import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import * as z from "zod";
import type { Room } from "#domain/room-contract";
import { getRooms } from "#web/api/rooms";

const CHOICE_KEY = "tiepdon.reception.room";
/** Waiting counts change with every check-in and call: the list is read again this often. */
const REFRESH_MS = 30_000;
const choiceSchema = z.string().max(60);

type RoomWithWaiting = Room & { readonly waiting: number };

function stored(): string | null {
  try {
    const parsed = choiceSchema.safeParse(localStorage.getItem(CHOICE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function store(id: string): void {
  try {
    localStorage.setItem(CHOICE_KEY, id);
  } catch {
    // Private mode may refuse storage; the choice still holds on this page.
  }
}

/** The open room with the fewest waiting (the lowest number on a tie), as the server picks it. */
function fewestWaiting(rooms: readonly RoomWithWaiting[]): string | null {
  const open = rooms.filter((room) => room.open);
  const sorted = [...open].sort((a, b) => a.waiting - b.waiting || a.number - b.number);
  return sorted[0]?.id ?? null;
}

export interface RoomChoice {
  readonly rooms: readonly RoomWithWaiting[];
  readonly chosen: string | null;
  choose(id: string): void;
  /** The room to send with the next check-in, read when it is sent. */
  current(): string | null;
  /** Reads the waiting counts again (after a check-in). */
  refresh(): void;
}

/**
 * The room the next check-in joins: the one picked last on this device while it is open, else
 * the open room with the fewest waiting. Offline, the last list is kept.
 */
export function useRoomChoice(token: string): RoomChoice {
  const [rooms, setRooms] = useState<readonly RoomWithWaiting[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const picked = useRef<string | null>(stored());
  const chosenRef = useRef<string | null>(null);

  const refresh = useCallback(() => {
    getRooms(token)
      .then((answer) => {
        setRooms(answer.rooms);
        const last = answer.rooms.find((room) => room.id === picked.current && room.open);
        const next = last?.id ?? fewestWaiting(answer.rooms);
        chosenRef.current = next;
        setChosen(next);
      })
      .catch(() => undefined);
  }, [token]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const choose = useCallback((id: string) => {
    picked.current = id;
    chosenRef.current = id;
    store(id);
    setChosen(id);
  }, []);

  const current = useCallback(() => chosenRef.current, []);
  return { rooms, chosen, choose, current, refresh };
}
