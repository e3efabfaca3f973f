import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Room, type RoomTicket, roomTicketSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const OWN = "01001";
const room = (id: string, number: number, open = true): Room => ({
  id: `${OWN}-${id}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: `02.0${number}`,
  serviceName: "Khám bệnh",
  open,
  closedReason: open ? null : "Bác sĩ đi hội chẩn",
});

const qrOf = (id: string) => {
  const found = fixtures.people.find((p) => p.idNumber === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found.qr;
};

/** Fixture people: a 1980 man, a 1982 man, a 1950 man (76 today), a 2021 child, and three more. */
const CUONG = "001080001111";
const DUNG = "049082003333";
const BINH = "038050004567";
const KHOI = "001221009876";
const AN = "001090012345";
const NGOC = "001185001122";
const HAN = "049195009999";

interface Answer {
  checkinId: string;
  duplicate: boolean;
  queueNumber: number;
  queueSeries: string | null;
  roomTicket: RoomTicket | null;
}

describe("check-ins join exam-room queues", () => {
  let t: TestApp;
  let reception: string;
  let roomStaff: string;
  const ids: Record<string, string> = {};

  const checkIn = async (id: string, extra: Record<string, unknown> = {}, headers = {}) => {
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: qrOf(id), ...extra },
      headers,
    });
    return { status: res.status, answer: res.json as Answer, json: res.json };
  };
  const waiting = async () => {
    const res = await t.call("GET", "/api/rooms", { token: reception });
    return Object.fromEntries(
      (res.json as { rooms: Array<{ id: string; waiting: number }> }).rooms.map((r) => [r.id, r.waiting]),
    );
  };
  const mark = (roomId: string, number: number, body: unknown, token = reception) =>
    t.call("POST", `/api/rooms/${roomId}/tickets/${number}/marks`, { token, body });
  const callNext = async (roomId: string) => {
    const res = await t.call("POST", `/api/rooms/${roomId}/calls`, { token: roomStaff });
    expect(res.status).toBe(201);
    return res.json as { checkinId: string; ticket: { label: string; priority: boolean } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility: OWN });
    roomStaff = await t.token("room", { facility: OWN });
    for (const r of [room("noi", 1), room("nhi", 2), room("mat", 3, false)]) {
      expect((await t.call("POST", "/api/rooms", { token: reception, body: r })).status).toBe(200);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("gives each check-in its room's next number, the named room or the one with the fewest waiting", async () => {
    const cuong = await checkIn(CUONG, { room: `${OWN}-noi` });
    expect(cuong.status).toBe(201);
    expect(roomTicketSchema.parse(cuong.answer.roomTicket)).toEqual({
      room: `${OWN}-noi`,
      roomName: "Phòng khám 1",
      roomNumber: 1,
      number: 1,
      label: "P1 – 001",
      marks: [],
      priority: false,
    });
    // The old per-facility number stays in the answer.
    expect(cuong.answer.queueNumber).toBeGreaterThan(0);
    ids[CUONG] = cuong.answer.checkinId;

    // Without a room: nhi has no one waiting, noi has one.
    const an = await checkIn(AN);
    expect(an.answer.roomTicket).toMatchObject({ room: `${OWN}-nhi`, number: 1, label: "P2 – 001" });
    const dung = await checkIn(DUNG, { room: `${OWN}-noi` });
    const binh = await checkIn(BINH, { room: `${OWN}-noi` });
    const khoi = await checkIn(KHOI, { room: `${OWN}-noi` });
    expect(dung.answer.roomTicket).toMatchObject({ number: 2, label: "P1 – 002", priority: false });
    // Marked from the birth date on the card: 76 years old, and 5 years old.
    expect(binh.answer.roomTicket).toMatchObject({ number: 3, marks: ["aged-75"], priority: true });
    expect(khoi.answer.roomTicket).toMatchObject({ number: 4, marks: ["under-6"], priority: true });
    ids[DUNG] = dung.answer.checkinId;
    ids[BINH] = binh.answer.checkinId;
    ids[KHOI] = khoi.answer.checkinId;
    expect(await waiting()).toEqual({ [`${OWN}-noi`]: 4, [`${OWN}-nhi`]: 1, [`${OWN}-mat`]: 0 });
  });

  it("answers a duplicate within 10 minutes and a repeated Idempotency-Key with the first ticket, counted once", async () => {
    const again = await checkIn(AN, { room: `${OWN}-noi` });
    expect(again.status).toBe(200);
    expect(again.answer.duplicate).toBe(true);
    expect(again.answer.roomTicket).toMatchObject({ room: `${OWN}-nhi`, number: 1 });

    const key = { "idempotency-key": "room-ticket-key-0001" };
    const first = await checkIn(NGOC, { room: `${OWN}-nhi` }, key);
    const repeat = await checkIn(NGOC, { room: `${OWN}-nhi` }, key);
    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.answer.roomTicket).toEqual(first.answer.roomTicket);
    expect(first.answer.roomTicket).toMatchObject({ number: 2, label: "P2 – 002" });
    expect(await waiting()).toMatchObject({ [`${OWN}-noi`]: 4, [`${OWN}-nhi`]: 2 });
  });

  it("refuses an unknown, closed or other facility's room and writes nothing", async () => {
    const cases: Array<[string, number, string]> = [
      [`${OWN}-khong-co`, 404, "ROOM_NOT_FOUND"],
      [`${OWN}-mat`, 409, "ROOM_CLOSED"],
      ["38001-noi", 403, "ROOM_OTHER_FACILITY"],
    ];
    for (const [roomId, status, code] of cases) {
      const res = await checkIn(HAN, { room: roomId });
      expect(res.status).toBe(status);
      const error = (res.json as { error: { code: string; message: string; messageEn: string } }).error;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.messageEn.length).toBeGreaterThan(0);
    }
    expect((await checkIn(HAN, { room: "Phòng 1" })).status).toBe(400);
    const list = await t.call("GET", "/api/checkins", { token: reception });
    const listed = (list.json as { items: Array<{ patient: { idNumber: string } }> }).items;
    expect(listed.some((item) => item.patient.idNumber === HAN)).toBe(false);
    expect(await waiting()).toEqual({ [`${OWN}-noi`]: 4, [`${OWN}-nhi`]: 2, [`${OWN}-mat`]: 0 });
  });

  it("lets reception tap a mark or remove one, and calls priority first in arrival order", async () => {
    // Dũng gets a tapped mark; Khôi's age mark is removed by reception.
    const tapped = await mark(`${OWN}-noi`, 2, { add: "disability" });
    expect(tapped.status).toBe(200);
    expect(tapped.json).toMatchObject({ marks: ["disability"], ticket: { number: 2, priority: true } });
    const removed = await mark(`${OWN}-noi`, 4, { remove: "under-6" });
    expect(removed.json).toMatchObject({ marks: [], ticket: { priority: false } });
    // Marks the law does not list, or ages set by hand, are refused.
    expect((await mark(`${OWN}-noi`, 1, { add: "vip" })).status).toBe(400);
    const byAge = await mark(`${OWN}-noi`, 1, { add: "aged-75" });
    expect(byAge.status).toBe(422);
    expect((byAge.json as { error: { code: string } }).error.code).toBe("PRIORITY_MARK_BY_AGE");
    expect((await mark(`${OWN}-noi`, 1, { add: "pregnant" }, roomStaff)).status).toBe(403);
    expect((await mark(`${OWN}-noi`, 99, { add: "pregnant" })).status).toBe(404);

    const order: string[] = [];
    for (let i = 0; i < 4; i += 1) order.push((await callNext(`${OWN}-noi`)).checkinId);
    expect(order).toEqual([ids[DUNG], ids[BINH], ids[CUONG], ids[KHOI]]);
    const late = await mark(`${OWN}-noi`, 1, { add: "emergency" });
    expect(late.status).toBe(409);
    expect((late.json as { error: { code: string } }).error.code).toBe("TICKET_NOT_WAITING");
  });

  it("puts a ticket printed offline in its room's queue in scan order, keeping the device's series", async () => {
    // Scanned 20 minutes ago, but never before today's Vietnamese midnight: yesterday's scan would join yesterday's queue.
    const now = new Date();
    const midnight = Date.parse(`${vnDay(now)}T00:00:00+07:00`);
    const scannedAt = new Date(Math.max(now.getTime() - 20 * 60_000, midnight)).toISOString();
    const han = await checkIn(HAN, {
      room: `${OWN}-nhi`,
      scannedAt,
      offlineQueue: { series: "B", number: 7 },
    });
    expect(han.status).toBe(201);
    expect(han.answer).toMatchObject({ queueSeries: "B", queueNumber: 7 });
    // The next number of the room, never one given before (refused requests took none).
    expect(han.answer.roomTicket).toMatchObject({ room: `${OWN}-nhi`, number: 3 });
    const first = await callNext(`${OWN}-nhi`);
    expect(first.checkinId).toBe(han.answer.checkinId);
  });
});
