/** The day's list with each visit's room ticket as it is now: marks tapped after the check-in included. */
import type { CheckinAnswer } from "#domain/contract";
import { isPriority } from "#domain/priority";
import type { RoomQueueStore } from "#functions/stores/room-queue-store";

/**
 * Replaces the marks each room ticket had at check-in with the ticket's marks now: one query per
 * room named on the page (a page names a few rooms, not one query per visit).
 */
export async function withCurrentTickets(
  queues: Pick<RoomQueueStore, "ticketsByVisit">,
  facility: string,
  day: string,
  items: readonly CheckinAnswer[],
): Promise<CheckinAnswer[]> {
  const rooms = [
    ...new Set(items.flatMap((item) => (item.roomTicket === null ? [] : [item.roomTicket.room]))),
  ];
  const byRoom = new Map(
    await Promise.all(
      rooms.map(async (room) => [room, await queues.ticketsByVisit(facility, room, day)] as const),
    ),
  );
  return items.map((item) => {
    const ticket = item.roomTicket;
    const now = ticket === null ? undefined : byRoom.get(ticket.room)?.get(item.checkinId);
    if (ticket === null || now === undefined) return item;
    return { ...item, roomTicket: { ...ticket, marks: now.marks, priority: isPriority(now.marks) } };
  });
}
