import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { readCsvRows } from "#domain/csv-lines";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import type { Room } from "#domain/room-contract";
import { roomWaitsToCsv } from "#domain/room-wait-contract";
import { addDays, vnDay } from "#domain/vn-time";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { reportRoomWaits } from "#functions/services/room-wait-report";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { counterKey, DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { makeRoomWaitStore } from "#functions/stores/room-wait-store";
import { makeTestTables } from "#test/support/dynamo";

// 10:30 on a Wednesday in Vietnam, late in the month: October is a closed month, 1–20 November two closed dekads.
const NOW = new Date("2026-11-25T10:30:00+07:00");
const TODAY = vnDay(NOW);
const FACILITY = "01001";
const MINUTE = 60_000;
const room = (id: string, number: number, name: string): Room => ({
  id: `${FACILITY}-${id}`,
  name,
  number,
  serviceCode: "02.1896",
  serviceName: name,
  open: true,
  closedReason: null,
});
const ROOMS = [
  room("noi", 1, "Phòng khám Nội"),
  room("nhi", 2, "Phòng khám Nhi"),
  room("tmh", 3, "Tai Mũi Họng"),
];
const DAYS = ["2026-10-06", "2026-10-29", "2026-11-04", "2026-11-17", "2026-11-23", TODAY];

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** What the test itself saw of each first call: the room, the day and the minutes waited. */
interface SeenCall {
  readonly room: string;
  readonly day: string;
  readonly minutes: number;
}

/** The nearest-rank percentile of raw waits, recounted from the calls the test made. */
function rawPercentile(minutes: readonly number[], p: number): number {
  const sorted = [...minutes].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * p) - 1] ?? Number.NaN;
}

describe("waits per exam room: exact against a recount of the calls, flat in period length", {
  timeout: 180_000,
}, () => {
  let tables: Awaited<ReturnType<typeof makeTestTables>>;
  let roomWaits: ReturnType<typeof makeRoomWaitStore>;
  let rollupDeps: Parameters<typeof rollUpCounters>[0];
  const seen: SeenCall[] = [];

  const roomReport = (from: string, to: string, province: string | null = null) =>
    reportRoomWaits({ roomWaits, now: () => NOW }, { province }, { facility: FACILITY, from, to });

  /** Checks each room's figures against the raw waits the test saw in the period. */
  function expectMatchesRecount(report: Awaited<ReturnType<typeof roomReport>>["report"]) {
    const inPeriod = seen.filter((call) => call.day >= report.from && call.day <= report.to);
    const rooms = [...new Set(inPeriod.map((call) => call.room))].sort();
    expect(report.rooms.map((row) => row.room).sort()).toEqual(rooms);
    for (const row of report.rooms) {
      const minutes = inPeriod.filter((call) => call.room === row.room).map((call) => call.minutes);
      expect(row.waits.calls, row.room).toBe(minutes.length);
      for (const [p, bucket] of [
        [0.5, row.waits.median],
        [0.9, row.waits.p90],
      ] as const) {
        const wait = rawPercentile(minutes, p);
        expect(bucket, `${row.room} p${p * 100}`).not.toBeNull();
        expect(wait, `${row.room} p${p * 100}`).toBeGreaterThanOrEqual(
          bucket?.from ?? Number.POSITIVE_INFINITY,
        );
        if (bucket?.to !== null && bucket?.to !== undefined) expect(wait).toBeLessThan(bucket.to);
      }
    }
  }

  beforeAll(async () => {
    tables = await makeTestTables();
    const counterTable = { countersTable: tables.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
    roomWaits = makeRoomWaitStore(tables.clients.doc, counterTable);
    rollupDeps = {
      counters: makeCounterStore(tables.clients.doc, counterTable),
      rollups: makeRollupStore(tables.clients.doc, counterTable),
      provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
      now: () => NOW,
    };
    const queues = makeRoomQueueStore(tables.clients.doc, {
      table: tables.names.checkins,
      retentionDays: 400,
      waitCounters: counterTable,
    });
    const random = seeded(28);
    for (const day of DAYS) {
      for (const [index, exam] of ROOMS.entries()) {
        // A room busier on some days than others; the last room is closed on the first day.
        if (day === DAYS[0] && index === 2) continue;
        const patients = 4 + Math.floor(random() * 8);
        // Their check-ins in the day counters, so the facility has a row in the ranking.
        await tables.clients.doc.send(
          new UpdateCommand({
            TableName: tables.names.counters,
            Key: counterKey(FACILITY, day, DEFAULT_COUNTER_SHARDS),
            UpdateExpression: "ADD n :n, #m :n",
            ExpressionAttributeNames: { "#m": "m:qr-cccd" },
            ExpressionAttributeValues: { ":n": patients },
          }),
        );
        const opening = new Date(`${day}T06:30:00+07:00`).getTime();
        for (let n = 0; n < patients; n += 1) {
          const arrivedAt = new Date(opening + n * 3 * MINUTE + Math.floor(random() * 2 * MINUTE));
          await queues.addTicket(
            FACILITY,
            exam,
            day,
            {
              checkinId: `${day}-${exam.id}-${n}`,
              name: null,
              marks: [],
              arrivedAt: arrivedAt.toISOString(),
            },
            arrivedAt,
          );
        }
        let clock = opening + 5 * MINUTE;
        for (let n = 0; n < patients; n += 1) {
          clock += Math.floor((1 + random() * (index === 1 ? 40 : 12)) * MINUTE);
          const called = await queues.callNext(FACILITY, exam, day, new Date(clock));
          if (called === null) throw new Error("a waiting patient was expected");
          seen.push({ room: exam.id, day, minutes: (clock - Date.parse(called.ticket.arrivedAt)) / MINUTE });
        }
        // A no-show skipped, brought back and called again keeps its one first-call wait.
        await queues.act(FACILITY, exam, day, 1, "skip", new Date(clock + MINUTE));
        await queues.act(FACILITY, exam, day, 1, "return", new Date(clock + 2 * MINUTE));
        await queues.callNext(FACILITY, exam, day, new Date(clock + 3 * MINUTE));
      }
    }
    // A late call: a ticket of the 17th, still waiting, called after that day's midnight is counted on its day.
    const late = new Date("2026-11-17T16:50:00+07:00");
    const lateRoom = ROOMS[0] ?? room("noi", 1, "Phòng khám Nội");
    await queues.addTicket(
      FACILITY,
      lateRoom,
      "2026-11-17",
      { checkinId: "late", name: null, marks: [], arrivedAt: late.toISOString() },
      late,
    );
    const lateCall = new Date("2026-11-18T07:20:00+07:00");
    const called = await queues.callNext(FACILITY, lateRoom, "2026-11-17", lateCall);
    expect(called?.ticket.checkinId).toBe("late");
    seen.push({
      room: lateRoom.id,
      day: "2026-11-17",
      minutes: (lateCall.getTime() - late.getTime()) / MINUTE,
    });
  }, 180_000);

  it("gives every room's median and 90th percentile of a day, a closed month and a mixed period", async () => {
    for (const [from, to] of [
      [TODAY, TODAY],
      ["2026-10-01", "2026-10-31"],
      ["2026-10-15", TODAY],
      ["2026-11-17", "2026-11-17"],
    ] as const) {
      const { report } = await roomReport(from, to);
      expect(report.rooms.length).toBeGreaterThan(0);
      expectMatchesRecount(report);
    }
  });

  it("reads a year in about as many queries as a month: one per whole calendar block", async () => {
    const month = await roomReport(addDays(TODAY, -29), TODAY);
    const year = await roomReport(addDays(TODAY, -365), TODAY);
    expectMatchesRecount(month.report);
    expectMatchesRecount(year.report);
    expect(year.report.rooms.reduce((sum, row) => sum + row.waits.calls, 0)).toBe(seen.length);
    expect(month.stats.queries).toBe(month.stats.blocks);
    expect(year.stats.queries).toBe(year.stats.blocks);
    expect(year.stats.queries).toBeLessThan(30);
    expect(year.stats.queries).toBeLessThan(month.stats.queries * 2.5);
  });

  it("agrees with the facility's own wait counter after the roll-up closes the days", async () => {
    const run = await rollUpCounters(rollupDeps, { firstRunDays: 90 });
    expect(run.through).toBe(addDays(TODAY, -1));
    const facilities = {
      listFacilities: async () => [{ code: FACILITY, name: "Bệnh viện Bạch Mai", provinceCode: "001" }],
    };
    for (const [from, to] of [
      ["2026-10-01", TODAY],
      ["2026-11-01", "2026-11-20"],
    ] as const) {
      const { report: facilityReport, stats } = await reportScanRate(
        { ...rollupDeps, facilities, target: 0.5 },
        { province: null },
        { from, to, groupBy: "facility" },
      );
      if (facilityReport.groupBy !== "facility") throw new Error("facility report expected");
      expect(stats.rollupItems).toBeGreaterThan(0);
      const { report } = await roomReport(from, to);
      const calls = report.rooms.reduce((sum, row) => sum + row.waits.calls, 0);
      expect(calls).toBe(seen.filter((call) => call.day >= from && call.day <= to).length);
      expect(facilityReport.rows[0]?.waits.calls).toBe(calls);
    }
  });

  it("writes the rooms as CSV, and refuses another province's facility", async () => {
    const { report } = await roomReport("2026-10-01", TODAY);
    const rows = readCsvRows(roomWaitsToCsv(report));
    expect(rows[0]?.cells).toEqual([
      "facility",
      "from",
      "to",
      "room",
      "roomNumber",
      "roomName",
      "waits.calls",
      "waits.medianMinutes",
      "waits.p90Minutes",
    ]);
    const byRoom = new Map(rows.slice(1).map((row) => [row.cells[3], row.cells]));
    for (const row of report.rooms) {
      const cells = byRoom.get(row.room);
      expect(cells?.[5]).toBe(row.name);
      expect(cells?.[6]).toBe(String(row.waits.calls));
      expect(cells?.[7]).toMatch(/^\d+(–\d+|\+)$/);
    }
    await expect(roomReport(TODAY, TODAY, "079")).rejects.toMatchObject({ code: "PROVINCE_FORBIDDEN" });
    expect((await roomReport(TODAY, TODAY, "001")).report.rooms.length).toBe(3);
  });
});
