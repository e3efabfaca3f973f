/**
 * The exam room a check-in joins and the ticket it is given there: the room the request names, or
 * the facility's default (the open room with the fewest waiting).
 */
import { ageMarks, isPriority } from "#domain/priority";
import type { Room, RoomTicket } from "#domain/room-contract";
import type { TransactItem } from "#functions/stores/room-queue-items";
import type { RoomQueueStore } from "#functions/stores/room-queue-store";
import type { RoomStore } from "#functions/stores/room-store";
import { findRoom, requireOpen } from "./room-calls.ts";

/** What a check-in needs to give room tickets. */
export interface RoomTicketing {
  readonly rooms: Pick<RoomStore, "getRoom" | "listRooms">;
  readonly queues: Pick<RoomQueueStore, "countWaitingByRoom" | "prepareTicket">;
}

/**
 * The room a visit joins: the named one (403 for another facility's, 404 for none, 409 when
 * closed), else the open room with the fewest waiting (the lowest number on a tie), else null
 * when the facility has no open room (the visit keeps its facility number only). The waiting
 * counts come from one query however many rooms are open.
 */
export async function chooseRoom(
  ticketing: RoomTicketing,
  facility: string,
  named: string | null,
  day: string,
): Promise<Room | null> {
  if (named !== null) {
    const room = await findRoom(ticketing.rooms, facility, named);
    requireOpen(room);
    return room;
  }
  const open = (await ticketing.rooms.listRooms(facility)).filter((room) => room.open);
  if (open.length <= 1) return open[0] ?? null;
  const waiting = await ticketing.queues.countWaitingByRoom(facility, day);
  const counted = open.map((room) => ({ room, waiting: waiting.get(room.id) ?? 0 }));
  counted.sort((a, b) => a.waiting - b.waiting || a.room.number - b.room.number);
  return counted[0]?.room ?? null;
}

/**
 * Takes the room's next number for a visit; the answer's ticket and the items to write in the
 * visit's own transaction. Under 6 and 75 or older are marked from the birth date.
 */
export async function prepareRoomTicket(
  ticketing: RoomTicketing,
  input: {
    facility: string;
    room: Room;
    day: string;
    checkinId: string;
    name: string | null;
    birthDate: string | null;
    at: Date;
    now: Date;
  },
): Promise<{ ticket: RoomTicket; items: readonly [TransactItem, TransactItem] }> {
  const marks = ageMarks(input.birthDate, input.day);
  const prepared = await ticketing.queues.prepareTicket(
    input.facility,
    input.room,
    input.day,
    { checkinId: input.checkinId, name: input.name, marks, arrivedAt: input.at.toISOString() },
    input.now,
  );
  return {
    ticket: {
      room: input.room.id,
      roomName: input.room.name,
      roomNumber: input.room.number,
      number: prepared.ticket.ticket.number,
      label: prepared.ticket.ticket.label,
      marks,
      priority: isPriority(marks),
    },
    items: prepared.items,
  };
}
