import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinListSchema } from "#domain/contract";
import type { Room } from "#domain/room-contract";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const OWN = "01001";
const room = (id: string, number: number): Room => ({
  id: `${OWN}-${id}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: `02.0${number}`,
  serviceName: "Khám bệnh",
  open: true,
  closedReason: null,
});
const qrOf = (id: string) => {
  const found = fixtures.people.find((p) => p.idNumber === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found.qr;
};
/** A 1950 man (76 today: marked by age), a 1980 man and a 2021 child (under 6). */
const BINH = "038050004567";
const CUONG = "001080001111";
const KHOI = "001221009876";

describe("GET /api/checkins: the day's list shows each room ticket with its marks as they are now", () => {
  let t: TestApp;
  let reception = "";

  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility: OWN });
    for (const r of [room("noi", 1), room("nhi", 2)])
      expect((await t.call("POST", "/api/rooms", { token: reception, body: r })).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const checkIn = async (id: string, roomId: string) => {
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: qrOf(id), room: `${OWN}-${roomId}` },
    });
    expect(res.status).toBe(201);
  };
  const listed = async () => {
    const res = await t.call("GET", "/api/checkins", { token: reception });
    expect(res.status).toBe(200);
    const list = checkinListSchema.parse(res.json);
    return Object.fromEntries(
      list.items.map((item) => [
        item.patient.idNumber,
        item.roomTicket === null
          ? "none"
          : `${item.roomTicket.label} ${item.roomTicket.priority ? "priority" : "-"} ${item.roomTicket.marks.join("+")}`,
      ]),
    );
  };
  const mark = async (roomId: string, number: number, body: unknown) =>
    (await t.call("POST", `/api/rooms/${OWN}-${roomId}/tickets/${number}/marks`, { token: reception, body }))
      .status;

  it("lists the tickets with the marks given at check-in", async () => {
    await checkIn(BINH, "noi");
    await checkIn(CUONG, "noi");
    await checkIn(KHOI, "nhi");
    expect(await listed()).toEqual({
      [BINH]: "P1 – 001 priority aged-75",
      [CUONG]: "P1 – 002 - ",
      [KHOI]: "P2 – 001 priority under-6",
    });
  });

  it("shows marks tapped or removed after the check-in, and keeps them once the patient is called", async () => {
    expect(await mark("noi", 2, { add: "merit" })).toBe(200);
    expect(await mark("noi", 1, { remove: "aged-75" })).toBe(200);
    expect(await listed()).toEqual({
      [BINH]: "P1 – 001 - ",
      [CUONG]: "P1 – 002 priority merit",
      [KHOI]: "P2 – 001 priority under-6",
    });
    const roomStaff = await t.token("room", { facility: OWN });
    const called = await t.call("POST", `/api/rooms/${OWN}-noi/calls`, { token: roomStaff });
    expect(called.status).toBe(201);
    expect((await listed())[CUONG]).toBe("P1 – 002 priority merit");
  });
});
