import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { reportToCsv } from "#domain/report-csv";
import type { Room } from "#domain/room-contract";
import { addDays, vnDay } from "#domain/vn-time";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { counterKey, DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { makeTestTables } from "#test/support/dynamo";

// 10:30 on a Wednesday in Vietnam.
const NOW = new Date("2026-11-25T10:30:00+07:00");
const TODAY = vnDay(NOW);
const EARLIER = addDays(TODAY, -3);
const FACILITY = "01001";
const ROOM: Room = {
  id: `${FACILITY}-noi`,
  name: "Phòng khám Nội",
  number: 1,
  serviceCode: "02.1896",
  serviceName: "Khám Nội",
  open: true,
  closedReason: null,
};
const FACILITIES = [{ code: FACILITY, name: "Bệnh viện Bạch Mai", provinceCode: "001" }];
const MINUTE = 60_000;

type Tables = Awaited<ReturnType<typeof makeTestTables>>;

describe("wait times from check-in to first call, counted with the day counters", {
  timeout: 120_000,
}, () => {
  let tables: Tables;
  let deps: Parameters<typeof rollUpCounters>[0];

  /** Check-ins of a day in the counters, so the facility has a row in the report. */
  async function countCheckins(day: string, n: number) {
    await tables.clients.doc.send(
      new UpdateCommand({
        TableName: tables.names.counters,
        Key: counterKey(FACILITY, day, DEFAULT_COUNTER_SHARDS),
        UpdateExpression: "ADD n :n, #m :n",
        ExpressionAttributeNames: { "#m": "m:qr-cccd" },
        ExpressionAttributeValues: { ":n": n },
      }),
    );
  }

  /**
   * Queues visits that wait the given minutes (and under a minute more) before their first call;
   * the room calls them one by one, the earliest arrival first.
   */
  async function callAfter(
    queues: ReturnType<typeof makeRoomQueueStore>,
    day: string,
    opening: Date,
    waits: readonly number[],
  ) {
    // Arrivals a minute apart, earliest first; each is called `wait` minutes and 30 s after arriving.
    const arrivals = waits.map((wait, index) => ({
      arrivedAt: new Date(opening.getTime() + index * MINUTE),
      wait,
    }));
    for (const [index, visit] of arrivals.entries()) {
      await queues.addTicket(
        FACILITY,
        ROOM,
        day,
        {
          checkinId: `${day}-visit-${index}`,
          name: null,
          marks: [],
          arrivedAt: visit.arrivedAt.toISOString(),
        },
        visit.arrivedAt,
      );
    }
    for (const visit of arrivals) {
      const now = new Date(visit.arrivedAt.getTime() + visit.wait * MINUTE + 30_000);
      const called = await queues.callNext(FACILITY, ROOM, day, now);
      expect(called?.ticket.arrivedAt).toBe(visit.arrivedAt.toISOString());
    }
  }

  const report = async (from: string, to: string) => {
    const answer = await reportScanRate(
      { ...deps, facilities: { listFacilities: async () => FACILITIES }, target: 0.5 },
      { province: null },
      { from, to, groupBy: "facility" },
    );
    const facilityReport = answer.report;
    if (facilityReport.groupBy !== "facility") throw new Error("facility report expected");
    return { report: facilityReport, stats: answer.stats };
  };

  beforeAll(async () => {
    tables = await makeTestTables();
    const counterTable = { countersTable: tables.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
    deps = {
      counters: makeCounterStore(tables.clients.doc, counterTable),
      rollups: makeRollupStore(tables.clients.doc, counterTable),
      provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
      now: () => NOW,
    };
    const queues = makeRoomQueueStore(tables.clients.doc, {
      table: tables.names.checkins,
      retentionDays: 30,
      waitCounters: counterTable,
    });
    // Three days ago: waits of 1, 2, …, 20 minutes.
    await countCheckins(EARLIER, 20);
    const waits = Array.from({ length: 20 }, (_, index) => 20 - index);
    await callAfter(queues, EARLIER, new Date(`${EARLIER}T07:00:00+07:00`), waits);
    // A no-show skipped and brought back is called again: its wait was counted once already.
    await queues.act(FACILITY, ROOM, EARLIER, 1, "skip", new Date(`${EARLIER}T09:00:00+07:00`));
    await queues.act(FACILITY, ROOM, EARLIER, 1, "return", new Date(`${EARLIER}T09:01:00+07:00`));
    await queues.callNext(FACILITY, ROOM, EARLIER, new Date(`${EARLIER}T09:30:00+07:00`));
    // Today: waits of 2, 7, 33 and 250 minutes.
    await countCheckins(TODAY, 4);
    await callAfter(queues, TODAY, new Date(`${TODAY}T03:00:00+07:00`), [250, 33, 7, 2]);
  }, 120_000);

  it("gives the median and 90th percentile of a day as the buckets they lie in", async () => {
    const { report: day } = await report(EARLIER, EARLIER);
    // 20 waits of 1..20 min: the median is the 10th (10 min, in 10–15), the 90th percentile the 18th (in 15–20).
    expect(day.rows[0]?.waits).toEqual({
      calls: 20,
      median: { from: 10, to: 15 },
      p90: { from: 15, to: 20 },
    });
    const csv = reportToCsv(day).slice(1).split("\r\n");
    const header = csv[0]?.split(",") ?? [];
    const line = csv[1]?.split(",") ?? [];
    expect(header.slice(-3)).toEqual(["waits.calls", "waits.medianMinutes", "waits.p90Minutes"]);
    expect(line.slice(-3)).toEqual(["20", "10–15", "15–20"]);
  });

  it("merges the rolled-up days with today's counters, the same for a week as for a year", async () => {
    const run = await rollUpCounters(deps, { firstRunDays: 10 });
    expect(run.through).toBe(addDays(TODAY, -1));
    // 24 waits: 1..20 and 2, 7, 33, 250 min; the 12th is 10 min (10–15), the 22nd 20 min (20–25).
    const expected = { calls: 24, median: { from: 10, to: 15 }, p90: { from: 20, to: 25 } };
    const week = await report(addDays(TODAY, -6), TODAY);
    expect(week.stats.rollupItems).toBeGreaterThan(0);
    expect(week.report.rows[0]?.waits).toEqual(expected);
    const year = await report(addDays(TODAY, -365), TODAY);
    expect(year.report.rows[0]?.waits).toEqual(expected);
    expect(year.stats.rollupItems).toBeLessThan(30);
    // Today alone, from the day counters: 2, 7, 33, 250 min; the 4th wait is in the open last bucket.
    const today = await report(TODAY, TODAY);
    expect(today.stats.rollupItems).toBe(0);
    expect(today.report.rows[0]?.waits).toEqual({
      calls: 4,
      median: { from: 5, to: 10 },
      p90: { from: 240, to: null },
    });
  });
});
