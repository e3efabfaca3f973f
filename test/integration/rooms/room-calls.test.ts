import { beforeAll, describe, expect, it } from "vitest";
import type { QueueTicket, Room } from "#domain/room-contract";
import { compareForCall } from "#domain/room-queue";
import { makeRoomQueueStore, type RoomQueueStore } from "#functions/stores/room-queue-store";
import { makeRoomStore } from "#functions/stores/room-store";
import { makeTestTables } from "#test/support/dynamo";

const FACILITY = "01001";
const DAY = "2026-12-07";
const room = (id: string, number: number): Room => ({
  id: `${FACILITY}-${id}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: `02.1${number}`,
  serviceName: "Khám Nội",
  open: true,
  closedReason: null,
});
const arrival = (index: number) => new Date(Date.UTC(2026, 11, 7, 0, 0, index)).toISOString();

describe("room queues against DynamoDB Local", () => {
  let store: RoomQueueStore;
  beforeAll(async () => {
    const { names, clients } = await makeTestTables();
    store = makeRoomQueueStore(clients.doc, { table: names.checkins, retentionDays: 30 });
    const rooms = makeRoomStore(clients.doc, names.checkins);
    await rooms.putRoom(FACILITY, room("noi-1", 1));
    await rooms.putRoom(FACILITY, room("nhi", 3));
    await rooms.putRoom("01002", room("noi-1", 1));
    expect((await rooms.listRooms(FACILITY)).map((r) => r.id)).toEqual(["01001-noi-1", "01001-nhi"]);
    expect(await rooms.getRoom(FACILITY, "nope")).toBeNull();
  });

  it("numbers tickets per room and day, and queues a visit only once", async () => {
    const r = room("numbers", 5);
    const now = new Date();
    const first = await store.addTicket(
      FACILITY,
      r,
      DAY,
      { checkinId: "a", name: "A", marks: [], arrivedAt: arrival(1) },
      now,
    );
    const second = await store.addTicket(
      FACILITY,
      r,
      DAY,
      { checkinId: "b", name: "B", marks: [], arrivedAt: arrival(2) },
      now,
    );
    const again = await store.addTicket(
      FACILITY,
      r,
      DAY,
      { checkinId: "a", name: "A", marks: [], arrivedAt: arrival(1) },
      now,
    );
    expect([first.label, second.label, again.label]).toEqual(["P5 – 001", "P5 – 002", "P5 – 001"]);
    const nextDay = await store.addTicket(
      FACILITY,
      r,
      "2026-12-08",
      { checkinId: "c", name: null, marks: [], arrivedAt: arrival(3) },
      now,
    );
    expect(nextDay.number).toBe(1);
    expect(await store.countWaiting(FACILITY, r.id, DAY)).toBe(2);
  });

  it("calls priority first, then by arrival; recall, skip, bring back and done move a ticket once", async () => {
    const r = room("order", 2);
    const now = new Date();
    const marks = [[], [], ["aged-75"], [], ["under-6"]] as const;
    for (const [index, mark] of marks.entries()) {
      await store.addTicket(
        FACILITY,
        r,
        DAY,
        { checkinId: `o${index}`, name: null, marks: mark, arrivedAt: arrival(index) },
        now,
      );
    }
    const order: number[] = [];
    for (;;) {
      const called = await store.callNext(FACILITY, r, DAY, new Date());
      if (called === null) break;
      order.push(called.ticket.number);
    }
    expect(order).toEqual([3, 5, 1, 2, 4]);

    const recall = await store.act(FACILITY, r, DAY, 1, "recall", new Date());
    expect(recall.call).toMatchObject({ kind: "recall", number: 1, label: "P2 – 001" });
    await store.act(FACILITY, r, DAY, 1, "skip", new Date());
    await expect(store.act(FACILITY, r, DAY, 1, "skip", new Date())).rejects.toMatchObject({
      code: "TICKET_STATE",
    });
    await store.act(FACILITY, r, DAY, 1, "return", new Date());
    expect((await store.listWaiting(FACILITY, r.id, DAY)).map((t) => t.number)).toEqual([1]);
    expect((await store.callNext(FACILITY, r, DAY, new Date()))?.ticket.number).toBe(1);
    await store.act(FACILITY, r, DAY, 1, "done", new Date());
    await expect(store.act(FACILITY, r, DAY, 99, "done", new Date())).rejects.toMatchObject({
      code: "TICKET_NOT_FOUND",
    });
    const queue = await store.listQueue(FACILITY, r.id, DAY);
    expect(queue.waiting).toEqual([]);
    expect(queue.called.find((t) => t.number === 1)?.state).toBe("done");
  });

  it("200 calls from 4 callers on 2 rooms at once call every waiting patient exactly once", async () => {
    const rooms = [room("race-a", 7), room("race-b", 8)];
    const now = new Date();
    // Queued ten at a time: the order comes from the arrival times, not from the writes.
    for (const r of rooms) {
      for (let first = 0; first < 100; first += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, offset) => first + offset).map((index) =>
            store.addTicket(
              FACILITY,
              r,
              DAY,
              {
                checkinId: `${r.id}-${index}`,
                name: null,
                marks: index % 10 === 0 ? ["pregnant"] : [],
                arrivedAt: arrival(index),
              },
              now,
            ),
          ),
        );
      }
    }
    // Two callers per room, each making 50 calls, all at the same time.
    const callers = [0, 1, 2, 3].map(async (caller) => {
      const r = rooms[caller % 2];
      if (r === undefined) throw new Error("no room");
      const got: QueueTicket[] = [];
      for (let call = 0; call < 50; call += 1) {
        const called = await store.callNext(FACILITY, r, DAY, new Date());
        if (called !== null) got.push(called.ticket);
      }
      return got;
    });
    const byCaller = await Promise.all(callers);
    // Each caller took, every time, the first ticket still waiting: its own calls are in call order.
    for (const tickets of byCaller) expect(tickets).toEqual([...tickets].sort(compareForCall));
    const called = byCaller.flat().map((ticket) => ticket.checkinId);
    expect(called).toHaveLength(200);
    expect(new Set(called).size).toBe(200);
    for (const r of rooms) expect(await store.countWaiting(FACILITY, r.id, DAY)).toBe(0);
    expect(await store.callNext(FACILITY, rooms[0] ?? room("x", 1), DAY, new Date())).toBeNull();
    // The calls feed holds each of the 200 calls once, in the order they were made.
    const feed = (await store.listCalls(FACILITY, DAY, null, 1000)).filter((c) => c.room.includes("-race-"));
    expect(feed).toHaveLength(200);
    expect(new Set(feed.map((c) => `${c.room}#${c.number}`)).size).toBe(200);
    expect(feed.filter((c) => c.priority)).toHaveLength(20);
  }, 240_000);

  it("catches up on the calls after a given one, and keeps facilities apart", async () => {
    const r = room("feed", 9);
    await store.addTicket(
      "01003",
      r,
      DAY,
      { checkinId: "f1", name: null, marks: [], arrivedAt: arrival(1) },
      new Date(),
    );
    await store.addTicket(
      "01003",
      r,
      DAY,
      { checkinId: "f2", name: null, marks: [], arrivedAt: arrival(2) },
      new Date(),
    );
    const first = await store.callNext("01003", r, DAY, new Date());
    const second = await store.callNext("01003", r, DAY, new Date(Date.now() + 5));
    if (first === null || second === null) throw new Error("nothing called");
    expect((await store.listCalls("01003", DAY, first.call.callId)).map((c) => c.number)).toEqual([2]);
    expect(await store.listCalls("01004", DAY, null)).toEqual([]);
  });
});
