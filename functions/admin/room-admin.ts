/** The administrator's work on a facility's exam rooms: list them, add or change one, within its province. */
import { type AdminScope, scopeCovers } from "#domain/admin-scope";
import { ConflictError, ERROR_CODE, InputError } from "#domain/errors";
import { provinceOfFacility } from "#domain/provinces";
import type { Room } from "#domain/room-contract";
import { requireOwnRoom } from "#functions/services/room-calls";
import type { FacilityStore } from "#functions/stores/facility-store";
import type { RoomStore } from "#functions/stores/room-store";
import { facilityNotFound, outOfScope } from "./import-errors.ts";

/** What the room administration reads and writes. */
export interface RoomAdminDeps {
  readonly rooms: Pick<RoomStore, "listRooms" | "putRoom">;
  readonly facilities: Pick<FacilityStore, "getFacility">;
}

/** 403 for a facility outside the scope, 404 for one that does not exist. */
async function requireFacilityInScope(deps: RoomAdminDeps, scope: AdminScope, code: string): Promise<void> {
  const province = provinceOfFacility(code);
  if (province === null) throw facilityNotFound(code);
  if (!scopeCovers(scope, province.oldCode)) throw outOfScope(`Cơ sở ${code} / Facility ${code}`);
  if ((await deps.facilities.getFacility(code)) === null) throw facilityNotFound(code);
}

/** The facility's rooms by number, open or closed. */
export async function listFacilityRooms(
  deps: RoomAdminDeps,
  scope: AdminScope,
  code: string,
): Promise<Room[]> {
  await requireFacilityInScope(deps, scope, code);
  return await deps.rooms.listRooms(code);
}

/**
 * Adds or changes a room of the facility. The body's id must be the path's, and no other room of
 * the facility may carry the same number: the ticket ("P3 – 012") and the voice name rooms by it.
 */
export async function writeFacilityRoom(
  deps: RoomAdminDeps,
  scope: AdminScope,
  code: string,
  roomId: string,
  room: Room,
): Promise<Room> {
  await requireFacilityInScope(deps, scope, code);
  requireOwnRoom(roomId, code);
  if (room.id !== roomId)
    throw new InputError(ERROR_CODE.ROOM_ID_MISMATCH, {
      vi: `Mã phòng trong nội dung (${room.id}) khác mã trên đường dẫn (${roomId}).`,
      en: `The room id in the body (${room.id}) differs from the one in the path (${roomId}).`,
    });
  const clash = (await deps.rooms.listRooms(code)).find(
    (other) => other.number === room.number && other.id !== room.id,
  );
  if (clash !== undefined)
    throw new ConflictError(ERROR_CODE.ROOM_NUMBER_TAKEN, {
      vi: `Số phòng ${room.number} đã là của phòng ${clash.name}.`,
      en: `Room number ${room.number} already belongs to ${clash.name}.`,
    });
  await deps.rooms.putRoom(code, room);
  return room;
}
