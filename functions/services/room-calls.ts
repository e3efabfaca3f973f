import { ConflictError, ERROR_CODE, ForbiddenError, NotFoundError } from "#domain/errors";
import { tappedMark } from "#domain/priority";
import { type ChannelMessage, isRoomOf, type MarkChange, type Room } from "#domain/room-contract";
import type { CallPublisher } from "#functions/realtime/call-publisher";
import type { RoomQueueStore } from "#functions/stores/room-queue-store";
import type { RoomStore } from "#functions/stores/room-store";

/** What the room use cases need. */
export interface RoomDeps {
  readonly rooms: RoomStore;
  readonly queues: RoomQueueStore;
  readonly publisher: CallPublisher;
  /** Told when a call could not be pushed (screens still catch up by polling). */
  readonly onPublishFailed: (error: unknown) => void;
}

/** 403 unless the room id is one of the facility's own. */
export function requireOwnRoom(roomId: string, facility: string): void {
  if (!isRoomOf(roomId, facility)) {
    throw new ForbiddenError(ERROR_CODE.ROOM_OTHER_FACILITY, {
      vi: "Phòng này thuộc cơ sở khám chữa bệnh khác.",
      en: "This room belongs to another facility.",
    });
  }
}

/** The facility's room by id: 403 for another facility's, 404 for none. */
export async function findRoom(
  rooms: Pick<RoomStore, "getRoom">,
  facility: string,
  roomId: string,
): Promise<Room> {
  requireOwnRoom(roomId, facility);
  const room = await rooms.getRoom(facility, roomId);
  if (room === null) {
    throw new NotFoundError(ERROR_CODE.ROOM_NOT_FOUND, {
      vi: "Cơ sở không có phòng khám này.",
      en: "The facility has no such room.",
    });
  }
  return room;
}

/** 409 with the room's own reason when it is closed. */
export function requireOpen(room: Room): void {
  if (room.open) return;
  const reason = room.closedReason ?? "";
  throw new ConflictError(ERROR_CODE.ROOM_CLOSED, {
    vi: `Phòng ${room.name} đang đóng${reason === "" ? "" : `: ${reason}`}.`,
    en: `Room ${room.name} is closed${reason === "" ? "" : `: ${reason}`}.`,
  });
}

async function publish(
  deps: Pick<RoomDeps, "publisher" | "onPublishFailed">,
  message: ChannelMessage,
): Promise<void> {
  try {
    await deps.publisher.publish(message);
  } catch (error) {
    deps.onPublishFailed(error);
  }
}

/** Calls the room's next patient (priority first) and tells the facility's screens. */
export async function callNextPatient(
  deps: RoomDeps,
  facility: string,
  roomId: string,
  day: string,
  now: Date,
) {
  const room = await findRoom(deps.rooms, facility, roomId);
  requireOpen(room);
  const called = await deps.queues.callNext(facility, room, day, now);
  if (called === null) {
    throw new ConflictError(ERROR_CODE.QUEUE_EMPTY, {
      vi: `Không còn ai đang chờ ở phòng ${room.name}.`,
      en: `No one is waiting for room ${room.name}.`,
    });
  }
  await publish(deps, { type: "call", facility, call: called.call });
  return { checkinId: called.ticket.checkinId, ticket: called.ticket, call: called.call };
}

/** Recalls, skips, brings back or finishes a ticket; a recall is announced again. */
export async function actOnTicket(
  deps: RoomDeps,
  input: {
    facility: string;
    roomId: string;
    number: number;
    action: "recall" | "skip" | "return" | "done";
    day: string;
    now: Date;
  },
) {
  const room = await findRoom(deps.rooms, input.facility, input.roomId);
  if (input.action === "recall") requireOpen(room);
  const result = await deps.queues.act(
    input.facility,
    room,
    input.day,
    input.number,
    input.action,
    input.now,
  );
  if (result.call !== null)
    await publish(deps, { type: "call", facility: input.facility, call: result.call });
  else await publish(deps, { type: "queue", facility: input.facility, room: room.id });
  return result;
}

/**
 * Tells the facility's room pages that a room's queue changed (a check-in joined it, a mark
 * changed), so they read it again instead of polling; a failed push only delays that.
 */
export async function announceQueueChange(
  deps: Pick<RoomDeps, "publisher" | "onPublishFailed">,
  facility: string,
  room: string,
): Promise<void> {
  await publish(deps, { type: "queue", facility, room });
}

/** The facility's rooms with how many wait for each today. */
export async function listRoomsWithQueues(
  deps: Pick<RoomDeps, "rooms" | "queues">,
  facility: string,
  day: string,
) {
  const rooms = await deps.rooms.listRooms(facility);
  return await Promise.all(
    rooms.map(async (room) => ({ ...room, waiting: await deps.queues.countWaiting(facility, room.id, day) })),
  );
}

/**
 * Adds a mark a receptionist taps (pregnant, disability, merit, emergency) or removes any mark of
 * a waiting ticket; the ages are marked from the birth date, not by hand.
 */
export async function changePriority(
  deps: Pick<RoomDeps, "rooms" | "queues">,
  input: { facility: string; roomId: string; number: number; change: MarkChange; day: string; now: Date },
) {
  const room = await findRoom(deps.rooms, input.facility, input.roomId);
  const change =
    "add" in input.change ? { add: tappedMark(input.change.add) } : { remove: input.change.remove };
  return await deps.queues.changeTicketMarks(
    input.facility,
    room.id,
    input.day,
    input.number,
    change,
    input.now,
  );
}
