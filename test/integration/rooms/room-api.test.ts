import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callChannelOf, EVENT_SOCKET_PATH, EVENT_SOCKET_PROTOCOL } from "#domain/call-channel";
import { type CallMessage, callMessageSchema, type Room } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { localCallHub } from "#functions/realtime/local-call-hub";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { authProtocolOf } from "#web/calls/event-socket";

const OWN = "01001";
const OTHER = "38001";
const room = (facility: string, id: string, number: number, open = true): Room => ({
  id: `${facility}-${id}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: `02.0${number}`,
  serviceName: "Khám Nội",
  open,
  closedReason: open ? null : "Bác sĩ đi hội chẩn",
});

/**
 * Subscribes to a facility's calls over the local socket, as a screen does (AppSync Events'
 * protocol), and collects the calls as they arrive.
 */
async function listen(baseUrl: string, facility: string, token: string | null) {
  const host = new URL(baseUrl).host;
  const authorization = { host, Authorization: token ?? "" };
  const protocols = [EVENT_SOCKET_PROTOCOL, ...(token === null ? [] : [authProtocolOf(authorization)])];
  const socket = new WebSocket(`ws://${host}${EVENT_SOCKET_PATH}`, protocols);
  const messages: Array<{ message: CallMessage; at: number }> = [];
  const status = await new Promise<"subscribed" | "refused" | "no socket">((resolve) => {
    socket.onerror = () => resolve("no socket");
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: "connection_init" }));
      socket.send(
        JSON.stringify({ type: "subscribe", id: "s", channel: callChannelOf(facility), authorization }),
      );
    };
    socket.onmessage = (event) => {
      const data = JSON.parse(String(event.data)) as { type: string; event?: string };
      if (data.type === "subscribe_success") resolve("subscribed");
      if (data.type === "subscribe_error") resolve("refused");
      if (data.type === "data")
        messages.push({ message: callMessageSchema.parse(JSON.parse(data.event ?? "")), at: Date.now() });
    };
  });
  return {
    status,
    messages,
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = new Promise((resolve) => socket.addEventListener("close", resolve));
      socket.close();
      await closed;
    },
  };
}

describe("rooms, calls and the calls socket over HTTP", () => {
  let t: TestApp;
  let tokens: Record<"reception" | "room" | "display" | "otherRoom", string>;
  beforeAll(async () => {
    t = await startTestApp();
    tokens = {
      reception: await t.token("receptionist", { facility: OWN }),
      room: await t.token("room", { facility: OWN }),
      display: await t.token("kiosk", { facility: OWN }),
      otherRoom: await t.token("room", { facility: OTHER }),
    };
    for (const r of [room(OWN, "noi", 1), room(OWN, "nhi", 2), room(OWN, "mat", 3, false)]) {
      expect((await t.call("POST", "/api/rooms", { token: tokens.reception, body: r })).status).toBe(200);
    }
    const day = vnDay(new Date());
    const queues = makeRoomQueueStore(t.doc, { table: t.names.checkins, retentionDays: 1 });
    const base = Date.now() - 30 * 60_000;
    const add = (r: Room, index: number, marks: Array<"aged-75" | "pregnant"> = []) =>
      queues.addTicket(
        OWN,
        r,
        day,
        {
          checkinId: `v-${r.id}-${index}`,
          name: `Người bệnh ${index}`,
          marks,
          arrivedAt: new Date(base + index * 60_000).toISOString(),
        },
        new Date(),
      );
    await add(room(OWN, "noi", 1), 1);
    await add(room(OWN, "noi", 1), 2);
    await add(room(OWN, "noi", 1), 3, ["aged-75"]);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("lists the facility's rooms with their waiting counts, and refuses writing another facility's room", async () => {
    const res = await t.call("GET", "/api/rooms", { token: tokens.display });
    expect(res.status).toBe(200);
    const rooms = (
      res.json as { rooms: Array<{ id: string; waiting: number; open: boolean; serviceCode: string }> }
    ).rooms;
    expect(rooms.map((r) => [r.id, r.waiting, r.open])).toEqual([
      ["01001-noi", 3, true],
      ["01001-nhi", 0, true],
      ["01001-mat", 0, false],
    ]);
    expect(rooms[0]?.serviceCode).toBe("02.01");
    const other = await t.call("POST", "/api/rooms", {
      token: tokens.reception,
      body: room(OTHER, "noi", 1),
    });
    expect(other.status).toBe(403);
    expect((other.json as { error: { code: string } }).error.code).toBe("ROOM_OTHER_FACILITY");
  });

  it("calls priority first and pushes each call to the facility's screens at once, never to another facility's", async () => {
    const own = await listen(t.url, OWN, tokens.display);
    const foreign = await listen(t.url, OTHER, await t.token("kiosk", { facility: OTHER }));
    expect([own.status, foreign.status]).toEqual(["subscribed", "subscribed"]);
    const clicked = [Date.now()];
    const first = await t.call("POST", "/api/rooms/01001-noi/calls", { token: tokens.room });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      checkinId: "v-01001-noi-3",
      ticket: { number: 3, label: "P1 – 003", priority: true },
    });
    clicked.push(Date.now());
    const second = await t.call("POST", "/api/rooms/01001-noi/calls", { token: tokens.room });
    expect(second.json).toMatchObject({ ticket: { number: 1, priority: false } });
    await expect.poll(() => own.messages.length, { timeout: 2000 }).toBe(2);
    expect(own.messages.map((m) => m.message.call.number)).toEqual([3, 1]);
    // Each call reaches the screen within 2 s of its click.
    for (const [index, m] of own.messages.entries()) expect(m.at - (clicked[index] ?? 0)).toBeLessThan(2000);
    // No names, no identity on the channel: numbers and rooms only.
    expect(JSON.stringify(own.messages)).not.toContain("Người bệnh");
    expect(foreign.messages).toEqual([]);
    await own.close();
    await foreign.close();
    await expect.poll(() => localCallHub.listenerCount()).toBe(0);
  });

  it("refuses a subscription or a catch-up of another facility's calls", async () => {
    const stream = await listen(t.url, OTHER, tokens.display);
    expect(stream.status).toBe("refused");
    await stream.close();
    const list = await t.call("GET", `/api/calls?facility=${OTHER}`, { token: tokens.display });
    expect(list.status).toBe(403);
    expect((list.json as { error: { code: string } }).error.code).toBe("CALLS_OTHER_FACILITY");
    const anonymous = await listen(t.url, OWN, null);
    expect(anonymous.status).toBe("no socket");
    const forged = await listen(t.url, OWN, `${tokens.display}x`);
    expect(forged.status).toBe("no socket");
  });

  it("catches a screen up on the calls after the last one it saw", async () => {
    const all = await t.call("GET", `/api/calls?facility=${OWN}`, { token: tokens.display });
    const calls = (all.json as { calls: Array<{ callId: string; number: number }> }).calls;
    expect(calls.map((c) => c.number)).toEqual([3, 1]);
    const after = await t.call(
      "GET",
      `/api/calls?facility=${OWN}&since=${encodeURIComponent(calls[0]?.callId ?? "")}`,
      {
        token: tokens.display,
      },
    );
    expect((after.json as { calls: Array<{ number: number }> }).calls.map((c) => c.number)).toEqual([1]);
    expect(all.text).not.toContain("Người bệnh");
  });

  it("recalls, skips, brings back and finishes; shows the queue with names to room staff only", async () => {
    const recall = await t.call("POST", "/api/rooms/01001-noi/tickets/1", {
      token: tokens.room,
      body: { action: "recall" },
    });
    expect(recall.status).toBe(200);
    expect(recall.json).toMatchObject({
      ticket: { number: 1, state: "called" },
      call: { kind: "recall", number: 1 },
    });
    const skip = await t.call("POST", "/api/rooms/01001-noi/tickets/1", {
      token: tokens.room,
      body: { action: "skip" },
    });
    expect(skip.json).toMatchObject({ ticket: { state: "missed" }, call: null });
    const queue = await t.call("GET", "/api/rooms/01001-noi/queue", { token: tokens.room });
    expect(queue.status).toBe(200);
    expect(queue.json).toMatchObject({
      waiting: [{ number: 2, name: "Người bệnh 2" }],
      missed: [{ number: 1 }],
      called: [{ number: 3, priority: true }],
    });
    expect((await t.call("GET", "/api/rooms/01001-noi/queue", { token: tokens.display })).status).toBe(403);
    const back = await t.call("POST", "/api/rooms/01001-noi/tickets/1", {
      token: tokens.room,
      body: { action: "return" },
    });
    expect(back.json).toMatchObject({ ticket: { state: "waiting" } });
    const wrong = await t.call("POST", "/api/rooms/01001-noi/tickets/1", {
      token: tokens.room,
      body: { action: "done" },
    });
    expect(wrong.status).toBe(409);
    expect((wrong.json as { error: { code: string } }).error.code).toBe("TICKET_STATE");
    const bad = await t.call("POST", "/api/rooms/01001-noi/tickets/1", {
      token: tokens.room,
      body: { action: "vip" },
    });
    expect(bad.status).toBe(400);
  });

  it("answers an empty room, a closed room, another facility's room and a display that tries to call", async () => {
    const empty = await t.call("POST", "/api/rooms/01001-nhi/calls", { token: tokens.room });
    expect(empty.status).toBe(409);
    expect(empty.json).toMatchObject({ error: { code: "QUEUE_EMPTY" } });
    expect((empty.json as { error: { message: string } }).error.message).toContain("Không còn ai đang chờ");
    const closed = await t.call("POST", "/api/rooms/01001-mat/calls", { token: tokens.room });
    expect(closed.status).toBe(409);
    expect(closed.json).toMatchObject({ error: { code: "ROOM_CLOSED" } });
    expect((closed.json as { error: { message: string } }).error.message).toContain("Bác sĩ đi hội chẩn");
    const foreign = await t.call("POST", "/api/rooms/01001-noi/calls", { token: tokens.otherRoom });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ error: { code: "ROOM_OTHER_FACILITY" } });
    const missing = await t.call("POST", "/api/rooms/01001-none/calls", { token: tokens.room });
    expect(missing.status).toBe(404);
    const display = await t.call("POST", "/api/rooms/01001-noi/calls", { token: tokens.display });
    expect(display.status).toBe(403);
  });
});
