import { facilityPathSchema } from "#domain/admin-contract";
import { adminScopeOf } from "#domain/admin-scope";
import { ForbiddenError } from "#domain/errors";
import { adminRoomListSchema, adminRoomPathSchema, roomWriteSchema } from "#domain/room-contract";
import { listFacilityRooms, writeFacilityRoom } from "#functions/admin/room-admin";
import { auditTrail, roomAdminDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";

const logger = makeLogger("room-admin");
const trail = await auditTrail();

/** `/api/admin/facilities/{code}/rooms[/{room}]`: an administrator lists and writes a facility's exam rooms. */
export const handler = httpRoute({ roles: ["admin"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const scope = adminScopeOf(principal.province);
  if (event.requestContext.http.method === "GET") {
    const { code } = parsePath(event, facilityPathSchema);
    const rooms = await listFacilityRooms(roomAdminDeps(), scope, code);
    return jsonResponse(200, adminRoomListSchema.parse({ facility: code, rooms }));
  }
  const { code, room: roomId } = parsePath(event, adminRoomPathSchema);
  const room = parseJsonBody(event, roomWriteSchema);
  const actor = { user: principal.sub, role: principal.role, facility: principal.facility };
  const target = `facility ${code} room ${roomId} write`;
  try {
    const written = await writeFacilityRoom(roomAdminDeps(), scope, code, roomId, room);
    await trail.record(actor, { action: "facility-admin", idNumber: null, outcome: "ok", target });
    return jsonResponse(200, written);
  } catch (error) {
    if (error instanceof ForbiddenError)
      await trail.record(actor, {
        action: "facility-admin",
        idNumber: null,
        outcome: "refused",
        code: error.code,
        target,
      });
    throw error;
  }
});
