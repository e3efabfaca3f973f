import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type Room, roomListAnswerSchema } from "#domain/room-contract";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf } from "#test/support/oidc-flow";

const FACILITY = "38911";
const roomsSchema = z.object({
  facility: z.string(),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), number: z.number(), open: z.boolean() })),
});
const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }),
});
const codeOf = (json: unknown) => errorSchema.parse(json).error.code;

const room = (slug: string, number: number, change: Partial<Room> = {}): Room => ({
  id: `${FACILITY}-${slug}`,
  name: `Phòng khám Nội ${number}`,
  number,
  serviceCode: "02.1896",
  serviceName: "Khám Nội",
  open: true,
  closedReason: null,
  ...change,
});

describe("/api/admin/facilities/{code}/rooms: an administrator keeps a facility's exam rooms", () => {
  let t: TestApp;
  let thanhHoa = "";
  let hanoi = "";

  beforeAll(async () => {
    t = await startTestApp();
    thanhHoa = await t.token("admin", { province: "038" });
    hanoi = await t.token("admin", { province: "001" });
    const added = await t.call("PUT", `/api/admin/facilities/${FACILITY}`, {
      token: thanhHoa,
      body: { name: "Trạm y tế xã Quảng Phú", level: "4" },
    });
    expect(added.status).toBe(200);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const roomsOf = async (token: string) =>
    await t.call("GET", `/api/admin/facilities/${FACILITY}/rooms`, { token });
  const put = async (token: string, body: unknown, slug = "noi-1") =>
    await t.call("PUT", `/api/admin/facilities/${FACILITY}/rooms/${FACILITY}-${slug}`, { token, body });

  it("adds and edits a room, which reception then lists with its exam service", async () => {
    expect(roomsSchema.parse((await roomsOf(thanhHoa)).json).rooms).toEqual([]);
    expect((await put(thanhHoa, room("noi-1", 1))).status).toBe(200);
    expect(
      (await put(thanhHoa, room("nhi", 2, { name: "Phòng khám Nhi", serviceName: "Khám Nhi" }), "nhi"))
        .status,
    ).toBe(200);
    const closed = room("noi-1", 1, {
      name: "Phòng khám Nội A",
      open: false,
      closedReason: "Bác sĩ đi hội chẩn",
    });
    expect((await put(thanhHoa, closed)).json).toEqual(closed);

    const listed = roomsSchema.parse((await roomsOf(thanhHoa)).json).rooms;
    expect(listed.map((r) => `${r.number} ${r.name} ${r.open ? "open" : "closed"}`)).toEqual([
      "1 Phòng khám Nội A closed",
      "2 Phòng khám Nhi open",
    ]);
    const reception = await t.token("receptionist", { facility: FACILITY });
    const seen = roomListAnswerSchema.parse((await t.call("GET", "/api/rooms", { token: reception })).json);
    expect(seen.rooms.map((r) => `${r.id} ${r.serviceName} ${r.open}`)).toEqual([
      `${FACILITY}-noi-1 Khám Nội false`,
      `${FACILITY}-nhi Khám Nhi true`,
    ]);
  });

  it("refuses another province's administrator (403 OUT_OF_SCOPE) and writes nothing", async () => {
    const listed = await roomsOf(hanoi);
    expect(listed.status).toBe(403);
    expect(codeOf(listed.json)).toBe("OUT_OF_SCOPE");
    const written = await put(hanoi, room("ngoai", 9), "ngoai");
    expect(written.status).toBe(403);
    expect(codeOf(written.json)).toBe("OUT_OF_SCOPE");
    const ids = roomsSchema.parse((await roomsOf(thanhHoa)).json).rooms.map((r) => r.id);
    expect(ids).not.toContain(`${FACILITY}-ngoai`);
  });

  it("validates a room as the rooms route does, in both languages", async () => {
    const missing = await put(thanhHoa, { ...room("noi-3", 3), serviceCode: undefined }, "noi-3");
    expect(missing.status).toBe(400);
    expect(codeOf(missing.json)).toBe("BODY_INVALID");
    const extra = await put(thanhHoa, { ...room("noi-3", 3), colour: "xanh" }, "noi-3");
    expect(extra.status).toBe(400);
    const mismatch = await put(thanhHoa, room("noi-3", 3), "noi-4");
    expect(codeOf(mismatch.json)).toBe("ROOM_ID_MISMATCH");
    const taken = await put(thanhHoa, room("noi-3", 2), "noi-3");
    expect(taken.status).toBe(409);
    const error = errorSchema.parse(taken.json).error;
    expect(error.message).toContain("Số phòng 2");
    expect(error.messageEn).toContain("Room number 2");
    const foreignId = await t.call("PUT", `/api/admin/facilities/${FACILITY}/rooms/38001-noi-1`, {
      token: thanhHoa,
      body: { ...room("noi-1", 1), id: "38001-noi-1" },
    });
    expect(foreignId.status).toBe(403);
    const unknown = await t.call("GET", "/api/admin/facilities/38999/rooms", { token: thanhHoa });
    expect(codeOf(unknown.json)).toBe("FACILITY_NOT_FOUND");
    const ids = roomsSchema.parse((await roomsOf(thanhHoa)).json).rooms.map((r) => r.id);
    expect(ids).toEqual([`${FACILITY}-noi-1`, `${FACILITY}-nhi`]);
  });

  it("audits each room change and each refusal", async () => {
    const national = await t.token("admin");
    const audit = async (token: string) =>
      (
        await t.call("GET", `/api/audit?user=${encodeURIComponent(String(claimsOf(token).sub))}`, {
          token: national,
        })
      ).text;
    expect(await audit(thanhHoa)).toContain(`facility ${FACILITY} room ${FACILITY}-nhi write`);
    const refused = await audit(hanoi);
    expect(refused).toContain(`facility ${FACILITY} room ${FACILITY}-ngoai write`);
    expect(refused).toContain("OUT_OF_SCOPE");
  });
});
