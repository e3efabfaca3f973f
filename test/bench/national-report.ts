/**
 * The national report at national scale: the national data set of `npm start -- --seed national`
 * (12,851 facilities, 366 days, about 170 M check-ins as day counters and roll-up blocks) loaded
 * into a DynamoDB Local, live check-ins of today and a late check-in into a closed day on top,
 * then the national 30-day and 366-day reports and a provincial 30-day one, timed, with what
 * they read, and checked against a full recount: the drawn history plus the check-in log.
 *
 * Part of `npm run bench:report` (report-bench.ts runs it on its DynamoDB Local).
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { addInto, type Counts } from "#domain/counts";
import { numberOfOldCode, oldCodesOf, oldProvinces } from "#domain/provinces";
import type { ScanRateReport } from "#domain/scan-rate";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { checkinSettingsSchema, checkinStoreConfig } from "#functions/config/settings";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { compressForClient, jsonResponse } from "#functions/http/responses";
import { checkIn } from "#functions/services/check-in";
import { rollUpCounters } from "#functions/services/counter-rollup";
import type { PeriodReadStats } from "#functions/services/period-counts";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { countsOf, makeCounterStore } from "#functions/stores/counter-store";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { createMissingTables } from "#infra/local/create-tables";
import type { DynamoLocal } from "#infra/local/dynamo-local";
import { arrivedShare, vnMinutesOf } from "#infra/local/seed/arrival-curve";
import { counterItemOf } from "#infra/local/seed/counter-tallies";
import { dayTallies, type HistoryShape, nationalDataSet } from "#infra/local/seed/national-history";
import { seedNationalHistory } from "#infra/local/seed/national-seed";
import { tableNames } from "#infra/local/table-definitions";
import { type FigureRow, median, ms, row, verdictOf } from "./support/figures.ts";
import { processCpuMs } from "./support/machine.ts";

/** The report cases, in the order they are printed. */
export const NATIONAL_CASES = ["national 30 days", "national 366 days", "Hà Nội 30 days"] as const;
export type NationalCaseName = (typeof NATIONAL_CASES)[number];

export interface NationalReportCase {
  readonly name: NationalCaseName;
  readonly from: string;
  readonly to: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  readonly nodeCpuMs: number;
  readonly dynamoCpuMs: number | null;
  readonly stats: PeriodReadStats;
  /** Facility rows of the answer and its size as JSON. */
  readonly rows: number;
  readonly answerBytes: number;
  /** The answer as the report function returns it to a browser: gzip, base64 inside Lambda's reply. */
  readonly sentBytes: number;
  readonly total: number;
  /** Facilities whose counts differ from the recount (0 when exact), and the recount's total. */
  readonly mismatches: number;
  readonly recountTotal: number;
}

export interface NationalReportResult {
  readonly facilities: number;
  readonly days: number;
  readonly checkins: number;
  readonly loadSeconds: number;
  readonly loadedItems: { readonly counters: number; readonly blocks: number; readonly facilities: number };
  /** Check-ins made through the check-in transaction on top of the seed: today's, and one late. */
  readonly live: number;
  readonly late: number;
  readonly cases: NationalReportCase[];
  /** After the roll-up rebuilt the late day: facilities differing from the recount in the 30-day report. */
  readonly afterRebuildMismatches: number;
}

const HANOI = "001";

/** Per facility: every counter of the drawn history over a period, as the counters hold them. */
function drawnCounts(
  facilities: Parameters<typeof dayTallies>[0],
  shape: HistoryShape,
  period: { from: string; to: string },
  seededAt: Date,
  prefixes: readonly string[] | null,
): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  const today = vnDay(seededAt);
  for (const day of daysBetween(period.from, period.to)) {
    const fraction = day === today ? arrivedShare(vnMinutesOf(seededAt)) : 1;
    for (const tally of dayTallies(facilities, day, shape, { fraction, prefixes }))
      addInto(counts, tally.facility, countsOf(counterItemOf(tally, DEFAULT_COUNTER_SHARDS)));
  }
  return counts;
}

/** The check-in log's visits in a period, counted per facility by method. */
async function loggedCounts(
  doc: ReturnType<typeof makeDynamoClients>["doc"],
  table: string,
  period: { from: string; to: string },
): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      if (!String(item.pk).startsWith("CHK#")) continue;
      const day = String(item.day);
      if (day < period.from || day > period.to) continue;
      addInto(counts, String(item.facility), { n: 1, [`m:${item.method}`]: 1 });
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return counts;
}

/** Facilities of the report whose total or QR count differs from the recount. */
function mismatchesOf(report: ScanRateReport, recount: Map<string, Counts>): number {
  if (report.groupBy !== "facility") return Number.NaN;
  const qrOf = (counts: Counts) => (counts["m:qr-cccd"] ?? 0) + (counts["m:qr-vneid"] ?? 0);
  let wrong = 0;
  const seen = new Set<string>();
  for (const row of report.rows) {
    seen.add(row.facility);
    const expected = recount.get(row.facility) ?? {};
    if (row.total !== (expected.n ?? 0) || row.qr !== qrOf(expected)) wrong++;
  }
  // A facility the recount has but the ranking lacks is wrong too.
  for (const [facility, counts] of recount) if ((counts.n ?? 0) > 0 && !seen.has(facility)) wrong++;
  return wrong;
}

/**
 * Loads the national data set (or, quick, a small one shaped like it) into fresh tables of
 * `dynamo`, adds live and late check-ins, and measures the three reports.
 */
export async function runNationalReportBench(
  dynamo: DynamoLocal,
  opts: { quick: boolean; log?: (line: string) => void },
): Promise<NationalReportResult> {
  const log = opts.log ?? (() => undefined);
  const { client, doc } = makeDynamoClients(dynamo.endpoint);
  try {
    const names = tableNames("national-");
    await createMissingTables(client, names);
    const now = new Date();
    const today = vnDay(now);
    const data = nationalDataSet({
      today,
      ...(opts.quick ? { facilities: 600, days: 60 } : {}),
    });
    const loadStart = performance.now();
    const seeded = await seedNationalHistory(doc, names, data, now, { log });
    const facilityStore = makeFacilityStore(doc, names.facilities);
    await facilityStore.putFacilities(data.facilities.map((entry) => entry.facility));
    const loadSeconds = (performance.now() - loadStart) / 1000;

    // Live check-ins of today at the busiest facilities and in Hà Nội, through the check-in
    // transaction, and one scanned two days ago while offline and sent now: a late arrival into
    // a closed day, counted on its scan day with a stale marker for the roll-up.
    const settings = checkinSettingsSchema.parse({
      CHECKINS_TABLE: names.checkins,
      COUNTERS_TABLE: names.counters,
      IDEMPOTENCY_TABLE: names.idempotency,
    });
    const store = makeCheckinStore(doc, checkinStoreConfig(settings));
    const people = generatePopulation(opts.quick ? 20 : 60, generateFacilities(120));
    const ranked = [...data.facilities].sort((a, b) => b.profile.weekdayVisits - a.profile.weekdayVisits);
    const targets = [
      ...ranked.slice(0, 5).map((entry) => entry.facility.code),
      ...data.facilities
        .filter((entry) => entry.facility.provinceCode === HANOI)
        .slice(0, 5)
        .map((entry) => entry.facility.code),
    ];
    const lateDay = addDays(today, -2);
    let live = 0;
    let late = 0;
    let id = 0;
    const send = async (facility: string, idNumber: string, scannedAt: Date | null) => {
      const outcome = await checkIn(
        {
          store,
          // The gateway is not what is measured: every visit waits for a re-check, and is counted.
          gateway: {
            checkCard: async () => ({
              kind: "unavailable",
              reason: "timeout",
              resultCode: null,
              latencyMs: 0,
            }),
          },
          now: () => new Date(),
          newId: () => `bench-${String(++id).padStart(6, "0")}`,
        },
        {
          facility,
          user: "bench",
          method: "manual-id",
          payload: idNumber,
          channel: "typed",
          idempotencyKey: null,
          scannedAt,
          offlineQueue: null,
          reader: null,
        },
      );
      if (outcome.statusCode !== 201) throw new Error(`a bench check-in answered ${outcome.statusCode}`);
    };
    for (const [index, person] of people.entries()) {
      await send(targets[index % targets.length] ?? "01001", person.idNumber, null);
      live++;
    }
    const lateFacility = targets.at(-1) ?? "01001";
    await send(lateFacility, people[0]?.idNumber ?? "", new Date(`${lateDay}T09:00:00+07:00`));
    late++;

    const table = { countersTable: names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
    const counters = makeCounterStore(doc, table);
    const rollups = makeRollupStore(doc, table);
    const deps = { counters, rollups, facilities: facilityStore, target: 0.5, now: () => new Date() };
    const hanoi = oldCodesOf(HANOI).map(numberOfOldCode);
    const periods: Record<NationalCaseName, { from: string; to: string; province: string | null }> = {
      "national 30 days": { from: addDays(today, -29), to: today, province: null },
      "national 366 days": { from: addDays(today, -365), to: today, province: null },
      "Hà Nội 30 days": { from: addDays(today, -29), to: today, province: HANOI },
    };
    const recountOf = async (name: NationalCaseName) => {
      const period = periods[name];
      const recount = drawnCounts(
        data.facilities,
        data.shape,
        period,
        now,
        period.province === null ? null : hanoi,
      );
      for (const [facility, counts] of await loggedCounts(doc, names.checkins, period)) {
        if (period.province !== null && !hanoi.some((prefix) => facility.startsWith(prefix))) continue;
        addInto(recount, facility, counts);
      }
      return recount;
    };

    const warmUps = opts.quick ? 1 : 2;
    const runs = opts.quick ? 3 : 5;
    const cases: NationalReportCase[] = [];
    for (const name of NATIONAL_CASES) {
      const period = periods[name];
      const query = {
        from: period.from,
        to: period.to,
        groupBy: "facility" as const,
        province: period.province ?? undefined,
      };
      const timings: number[] = [];
      let nodeCpu = 0;
      let dynamoCpu: number | null = 0;
      let last: Awaited<ReturnType<typeof reportScanRate>> | null = null;
      for (let run = 0; run < warmUps + runs; run++) {
        const dynamoBefore = processCpuMs(dynamo.pid);
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        last = await reportScanRate(deps, { province: null }, query);
        const elapsed = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const dynamoAfter = processCpuMs(dynamo.pid);
        if (run < warmUps) continue;
        timings.push(elapsed);
        nodeCpu += (cpu.user + cpu.system) / 1000;
        dynamoCpu =
          dynamoCpu === null || dynamoBefore === null || dynamoAfter === null
            ? null
            : dynamoCpu + dynamoAfter - dynamoBefore;
      }
      if (last === null) throw new Error("no report was run");
      const recount = await recountOf(name);
      cases.push({
        name,
        from: period.from,
        to: period.to,
        medianMs: median(timings),
        minMs: Math.min(...timings),
        maxMs: Math.max(...timings),
        runs: timings.length,
        nodeCpuMs: nodeCpu / timings.length,
        dynamoCpuMs: dynamoCpu === null ? null : dynamoCpu / timings.length,
        stats: last.stats,
        rows: last.report.rows.length,
        answerBytes: Buffer.byteLength(JSON.stringify(last.report)),
        sentBytes: Buffer.byteLength(compressForClient(jsonResponse(200, last.report), "gzip").body ?? ""),
        total: last.report.summary.total,
        mismatches: mismatchesOf(last.report, recount),
        recountTotal: [...recount.values()].reduce((sum, counts) => sum + (counts.n ?? 0), 0),
      });
      log(`${name}: ${median(timings).toFixed(0)} ms`);
    }

    // The scheduled roll-up rebuilds the late day from its counters and clears the marker.
    await rollUpCounters({
      counters,
      rollups,
      provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
      now: () => new Date(),
    });
    const after = await reportScanRate(
      deps,
      { province: null },
      { ...periods["national 30 days"], province: undefined, groupBy: "facility" },
    );
    return {
      facilities: data.facilities.length,
      days: data.shape.days,
      checkins: seeded.checkins + live + late,
      loadSeconds,
      loadedItems: {
        counters: seeded.counterItems,
        blocks: seeded.blockItems,
        facilities: data.facilities.length,
      },
      live,
      late,
      cases,
      afterRebuildMismatches: mismatchesOf(after.report, await recountOf("national 30 days")),
    };
  } finally {
    client.destroy();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The budgets: the API's 30 s far off, a year at most about twice a month, a province interactive. */
export const NATIONAL_BUDGETS = {
  nationalMs: 10_000,
  yearOverMonth: 2,
  provinceMs: 1_000,
  /** Lambda's limit on a synchronous answer; the HTTP API passes on no more. */
  answerBytes: 6 * 1024 * 1024,
} as const;

/**
 * Table rows of the national cases: each beside its same-run baseline (the 500-facility report
 * for the national month, the national month for the year and the province), with its budget.
 */
export function nationalReportRows(
  result: NationalReportResult,
  baseline: { label: string; medianMs: number } | null,
  quick: boolean,
): FigureRow[] {
  const section = "report";
  const n = (value: number) => value.toLocaleString("en-US");
  const byName = new Map(result.cases.map((c) => [c.name, c]));
  const month = byName.get("national 30 days");
  const year = byName.get("national 366 days");
  const province = byName.get("Hà Nội 30 days");
  if (month === undefined || year === undefined || province === undefined)
    return [row(section, "national: no cases", "", {})];
  const scale = `${n(result.facilities)} facilities × ${result.days} days`;
  const budgeted = (text: string, met: boolean) =>
    quick ? { budget: `${text} (full run)` } : { budget: text, verdict: verdictOf(met) };
  const read = (c: NationalReportCase) =>
    `${n(c.stats.rollupItems)} blocks in ${c.stats.batchGets} BatchGets + ${n(c.stats.items)} day counters in ${c.stats.queries} queries, ${c.stats.capacityUnits.toFixed(0)} RCU`;
  const numbers = (c: NationalReportCase) => ({
    medianMs: c.medianMs,
    minMs: c.minMs,
    maxMs: c.maxMs,
    nodeCpuMs: c.nodeCpuMs,
    blocks: c.stats.rollupItems,
    batchGets: c.stats.batchGets,
    counterItems: c.stats.items,
    queries: c.stats.queries,
    capacityUnits: c.stats.capacityUnits,
    answerBytes: c.answerBytes,
    rows: c.rows,
  });
  const timing = (c: NationalReportCase) =>
    `${ms(c.medianMs)} (CPU: node ${ms(c.nodeCpuMs)}, DynamoDB Local ${ms(c.dynamoCpuMs ?? Number.NaN)}); ${read(c)}`;
  const exact = result.cases.every((c) => c.mismatches === 0) && result.afterRebuildMismatches === 0;
  return [
    row(
      section,
      `national data set: ${scale} loaded`,
      `${n(result.checkins)} check-ins: ${n(result.loadedItems.blocks)} roll-up blocks + ${n(result.loadedItems.counters)} day counters + ${n(result.loadedItems.facilities)} facilities in ${result.loadSeconds.toFixed(0)} s`,
      {
        checkins: result.checkins,
        blocks: result.loadedItems.blocks,
        counters: result.loadedItems.counters,
        loadSeconds: result.loadSeconds,
      },
      { baseline: `then ${result.live} live check-ins today and ${result.late} late into a closed day` },
    ),
    row(section, `national 30 days (${n(month.rows)} facilities): median`, timing(month), numbers(month), {
      baseline: baseline === null ? "" : `${baseline.label} ${ms(baseline.medianMs)}`,
      ...budgeted(`≤ ${NATIONAL_BUDGETS.nationalMs / 1000} s`, month.medianMs <= NATIONAL_BUDGETS.nationalMs),
    }),
    row(section, `national 366 days (${n(year.rows)} facilities): median`, timing(year), numbers(year), {
      baseline: `national 30 days ${ms(month.medianMs)} → ×${(year.medianMs / month.medianMs).toFixed(2)}`,
      ...budgeted(
        `≤ ${NATIONAL_BUDGETS.yearOverMonth}× the 30 days, ≤ ${NATIONAL_BUDGETS.nationalMs / 1000} s`,
        year.medianMs <= NATIONAL_BUDGETS.yearOverMonth * month.medianMs &&
          year.medianMs <= NATIONAL_BUDGETS.nationalMs,
      ),
    }),
    row(
      section,
      `Hà Nội 30 days (${n(province.rows)} facilities): median`,
      timing(province),
      numbers(province),
      {
        baseline: `national 30 days ${ms(month.medianMs)}`,
        ...budgeted(`≤ ${ms(NATIONAL_BUDGETS.provinceMs)}`, province.medianMs <= NATIONAL_BUDGETS.provinceMs),
      },
    ),
    row(
      section,
      "national 366 days: answer as returned (gzip, base64)",
      `${mb(year.sentBytes)} (${mb(year.answerBytes)} of JSON)`,
      {
        sentBytes: year.sentBytes,
        answerBytes: year.answerBytes,
        monthSentBytes: month.sentBytes,
        monthAnswerBytes: month.answerBytes,
      },
      {
        baseline: `30 days ${mb(month.sentBytes)} (${mb(month.answerBytes)} of JSON)`,
        budget: "≤ 6 MB (Lambda's answer limit)",
        verdict: verdictOf(Math.max(year.sentBytes, month.sentBytes) <= NATIONAL_BUDGETS.answerBytes),
      },
    ),
    row(
      section,
      "national figures against a full recount",
      exact
        ? `equal: every facility of the 3 reports, before and after the roll-up rebuilt the late day`
        : `${result.cases.map((c) => `${c.name} ${c.mismatches} facilities differ`).join(", ")}; after the rebuild ${result.afterRebuildMismatches}`,
      {
        mismatches: result.cases.reduce((sum, c) => sum + c.mismatches, 0),
        afterRebuildMismatches: result.afterRebuildMismatches,
        yearTotal: year.total,
        yearRecount: year.recountTotal,
      },
      {
        baseline: `recount: the drawn history + the check-in log; 366 days ${n(year.recountTotal)} = report ${n(year.total)}`,
        budget: "equal",
        verdict: verdictOf(exact && year.total === year.recountTotal),
      },
    ),
  ];
}
