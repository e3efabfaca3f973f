/**
 * Report benchmark: a national 30-day scan-rate report over 500 facilities at 10,000 and at
 * 1,000,000 check-ins in the period, against a DynamoDB Local this script starts (in memory) and
 * always stops. Prints queries, items read, read capacity, CPU and median latency side by side:
 * the report reads only counter items, so the figures must not grow with the number of check-ins.
 *
 * Run: npm run bench:report [-- --quick]
 */
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { generateFacilities } from "#functions/gateway-mock/population";
import { seededRandom } from "#functions/gateway-mock/seeded-random";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { createMissingTables } from "#infra/local/create-tables";
import { type DynamoLocal, startDynamoLocal } from "#infra/local/dynamo-local";
import { type CounterTally, makeTallyLoader } from "#infra/local/seed/counter-tallies";
import { tableNames } from "#infra/local/table-definitions";
import { type NationalReportResult, nationalReportRows, runNationalReportBench } from "./national-report.ts";
import { type FigureRow, formatTable as formatFigureRows } from "./support/figures.ts";
import { processCpuMs } from "./support/machine.ts";

/** The budget for 500 facilities × 30 days. */
const BUDGET_MS = 300;
/** Untimed runs first: DynamoDB Local's JIT and the SDK's connections warm up, as a deployed service's are. */
const WARM_UP_RUNS = 3;

export interface BenchCase {
  readonly label: string;
  readonly checkins: number;
  readonly facilities: number;
  readonly days: number;
  readonly shards: number;
  readonly loadSeconds: number;
  readonly queries: number;
  readonly itemsRead: number;
  readonly capacityUnits: number;
  /** CPU per report: this process and the DynamoDB Local process (null where /proc is missing). */
  readonly nodeCpuMs: number;
  readonly dynamoCpuMs: number | null;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  /** Repeat reports with the closed-day cache on (as the deployed handler runs): only today is read. */
  readonly repeat: { readonly queries: number; readonly itemsRead: number; readonly medianMs: number } | null;
}

export interface ReportBenchResult {
  readonly cases: BenchCase[];
  readonly budgetMs: number | null;
  /**
   * Whether the default-layout cases met the budget, for a report that reads every day and for
   * repeat reports with closed days cached (null for the quick run, which has no budget).
   */
  readonly withinBudget: { readonly cold: boolean; readonly repeat: boolean } | null;
  readonly table: string;
  /** The national data set's reports (national-report.ts). */
  readonly national: NationalReportResult;
}

interface CaseInput {
  readonly label: string;
  readonly facilities: number;
  readonly days: number;
  readonly checkins: number;
  readonly shards: number;
  readonly runs: number;
  readonly withCache: boolean;
}

/** Spreads `checkins` over facility-days, busier facilities more, each with its own QR share. */
function benchTallies(codes: readonly string[], days: readonly string[], checkins: number): CounterTally[] {
  const random = seededRandom(checkins);
  const weights = codes.map(() => 0.2 + random.next() * 2);
  const shares = codes.map(() => random.next());
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0) * days.length;
  const tallies = new Map<string, { facility: string; day: string; qr: number; other: number }>();
  let left = checkins;
  // The expected share of each facility-day first, then the remainder one by one: the total is exact.
  codes.forEach((facility, index) => {
    for (const day of days) {
      const n = Math.floor((checkins * (weights[index] ?? 1)) / weightSum);
      if (n === 0) continue;
      const qr = Math.round(n * (shares[index] ?? 0));
      tallies.set(`${facility}|${day}`, { facility, day, qr, other: n - qr });
      left -= n;
    }
  });
  for (; left > 0; left--) {
    const index = random.int(0, codes.length - 1);
    const facility = codes[index] ?? "";
    const day = random.pick(days);
    const key = `${facility}|${day}`;
    const entry = tallies.get(key) ?? { facility, day, qr: 0, other: 0 };
    if (random.chance(shares[index] ?? 0)) entry.qr += 1;
    else entry.other += 1;
    tallies.set(key, entry);
  }
  return [...tallies.values()].map((entry) => {
    const cccd = Math.ceil(entry.qr * 0.8);
    const manual = Math.ceil(entry.other / 2);
    return {
      facility: entry.facility,
      day: entry.day,
      byMethod: {
        "qr-cccd": cccd,
        "qr-vneid": entry.qr - cccd,
        "manual-id": manual,
        "bhyt-card": entry.other - manual,
      },
      byStatus: { covered: entry.qr + entry.other },
      byChannel: { scanner: entry.qr + entry.other },
    };
  });
}

const provinceNumbers = () => oldProvinces().map((province) => numberOfOldCode(province.code));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function runCase(dynamo: DynamoLocal, input: CaseInput): Promise<BenchCase> {
  const { client, doc } = makeDynamoClients(dynamo.endpoint);
  try {
    const names = tableNames(`bench-${input.checkins}-${input.shards}-`);
    await createMissingTables(client, names);
    const facilities = generateFacilities(input.facilities);
    const to = vnDay(new Date());
    const days = daysBetween(addDays(to, -(input.days - 1)), to);
    const counters = makeCounterStore(doc, { countersTable: names.counters, counterShards: input.shards });
    const facilityStore = makeFacilityStore(doc, names.facilities);
    const loadStart = performance.now();
    await facilityStore.putFacilities(facilities);
    const codes = facilities.map((facility) => facility.code);
    const loader = makeTallyLoader(doc, { countersTable: names.counters, counterShards: input.shards });
    await loader.putTallies(benchTallies(codes, days, input.checkins));
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const query = { from: days[0], to, groupBy: "facility" as const };
    const counterTable = { countersTable: names.counters, counterShards: input.shards };
    const rollups = makeRollupStore(doc, counterTable);
    const measure = async () => {
      const deps = { counters, rollups, facilities: facilityStore, target: 0.5, now: () => new Date() };
      const timings: number[] = [];
      let nodeCpu = 0;
      let dynamoCpu: number | null = 0;
      let stats = { queries: 0, items: 0, capacityUnits: 0, rollupItems: 0 };
      for (let run = 0; run < WARM_UP_RUNS + input.runs; run++) {
        const dynamoBefore = processCpuMs(dynamo.pid);
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await reportScanRate(deps, { province: null }, query);
        const elapsed = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const dynamoAfter = processCpuMs(dynamo.pid);
        if (result.report.summary.total !== input.checkins) {
          throw new Error(
            `the report counted ${result.report.summary.total} check-ins, ${input.checkins} were loaded`,
          );
        }
        if (run < WARM_UP_RUNS) continue;
        timings.push(elapsed);
        nodeCpu += (cpu.user + cpu.system) / 1000;
        dynamoCpu =
          dynamoCpu === null || dynamoBefore === null || dynamoAfter === null
            ? null
            : dynamoCpu + dynamoAfter - dynamoBefore;
        stats = result.stats;
      }
      return { timings, nodeCpu, dynamoCpu, stats };
    };
    const cold = await measure();
    const { timings, nodeCpu, dynamoCpu, stats } = cold;
    // Then the days that are over rolled up, as the scheduled roll-up keeps them: only today is read per day.
    const repeat = input.withCache
      ? await (async () => {
          await rollUpCounters({ counters, rollups, provinces: provinceNumbers(), now: () => new Date() });
          return await measure();
        })()
      : null;
    return {
      label: input.label,
      checkins: input.checkins,
      facilities: input.facilities,
      days: input.days,
      shards: input.shards,
      loadSeconds,
      queries: stats.queries,
      itemsRead: stats.items,
      capacityUnits: stats.capacityUnits,
      nodeCpuMs: nodeCpu / timings.length,
      dynamoCpuMs: dynamoCpu === null ? null : dynamoCpu / timings.length,
      medianMs: median(timings),
      minMs: Math.min(...timings),
      maxMs: Math.max(...timings),
      runs: timings.length,
      repeat:
        repeat === null
          ? null
          : {
              queries: repeat.stats.queries,
              itemsRead: repeat.stats.items + repeat.stats.rollupItems,
              medianMs: median(repeat.timings),
            },
    };
  } finally {
    client.destroy();
  }
}

function formatTable(cases: readonly BenchCase[]): string {
  const rows: Array<[string, (c: BenchCase) => string]> = [
    ["", (c) => c.label],
    ["check-ins in the period", (c) => c.checkins.toLocaleString("en-US")],
    ["facilities × days", (c) => `${c.facilities} × ${c.days}`],
    ["COUNTER_SHARDS", (c) => String(c.shards)],
    ["bulk load (s)", (c) => c.loadSeconds.toFixed(1)],
    ["every report reads all days:", () => ""],
    ["  queries per report", (c) => String(c.queries)],
    ["  counter items read", (c) => c.itemsRead.toLocaleString("en-US")],
    ["  read capacity units", (c) => (c.capacityUnits === 0 ? "n/a" : c.capacityUnits.toFixed(1))],
    ["  CPU per report: node (ms)", (c) => c.nodeCpuMs.toFixed(0)],
    [
      "  CPU per report: DynamoDB Local (ms)",
      (c) => (c.dynamoCpuMs === null ? "n/a" : c.dynamoCpuMs.toFixed(0)),
    ],
    ["  median latency (ms)", (c) => c.medianMs.toFixed(0)],
    ["  min / max (ms)", (c) => `${c.minMs.toFixed(0)} / ${c.maxMs.toFixed(0)}`],
    ["  timed runs", (c) => String(c.runs)],
    ["closed days rolled up (today read per day):", () => ""],
    ["  day-counter queries per report", (c) => (c.repeat === null ? "-" : String(c.repeat.queries))],
    ["  items read (counters + blocks)", (c) => (c.repeat === null ? "-" : String(c.repeat.itemsRead))],
    ["  median latency (ms)", (c) => (c.repeat === null ? "-" : c.repeat.medianMs.toFixed(0))],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const columns = cases.map((c) => Math.max(12, ...rows.map(([, value]) => value(c).length)));
  const line = (label: string, values: string[]) =>
    `${label.padEnd(width)}  ${values.map((value, i) => value.padStart(columns[i] ?? 12)).join("  ")}`;
  return rows.map(([label, value]) => line(label, cases.map(value))).join("\n");
}

/** The national rows, the 500-facility month with closed days rolled up as the national month's baseline. */
export function nationalRows(
  result: Pick<ReportBenchResult, "cases" | "national">,
  quick: boolean,
): FigureRow[] {
  const rolled = result.cases.filter((c) => c.label === "default layout" && c.repeat !== null).at(-1);
  const baseline =
    rolled?.repeat == null
      ? null
      : {
          label: `${rolled.facilities} facilities × ${rolled.days} days rolled up`,
          medianMs: rolled.repeat.medianMs,
        };
  return nationalReportRows(result.national, baseline, quick);
}

/**
 * Runs the benchmark and returns its figures and printed table; `quick` runs a small version
 * (100 facilities, 1,000 and 100,000 check-ins) for smoke checks.
 */
export async function runReportBench(opts: {
  quick: boolean;
  log?: (line: string) => void;
}): Promise<ReportBenchResult> {
  const facilities = opts.quick ? 100 : 500;
  const volumes = opts.quick ? [1_000, 100_000] : [10_000, 1_000_000];
  const runs = opts.quick ? 5 : 7;
  const inputs: CaseInput[] = volumes.map((checkins) => ({
    label: "default layout",
    facilities,
    days: 30,
    checkins,
    shards: DEFAULT_COUNTER_SHARDS,
    runs,
    withCache: true,
  }));
  // What-if: the same data over 4 shards, to show the cost is per query (days × shards), not per item.
  if (!opts.quick)
    inputs.push({
      label: "what-if",
      facilities,
      days: 30,
      checkins: 1_000_000,
      shards: 4,
      runs,
      withCache: false,
    });
  let dynamo: DynamoLocal | null = null;
  const onSignal = () => {
    // Stop the emulator we started, by its pid, even when leaving on Ctrl-C.
    if (dynamo !== null) process.kill(dynamo.pid, "SIGTERM");
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    dynamo = await startDynamoLocal();
    const cases: BenchCase[] = [];
    for (const input of inputs) cases.push(await runCase(dynamo, input));
    const national = await runNationalReportBench(dynamo, {
      quick: opts.quick,
      ...(opts.log ? { log: opts.log } : {}),
    });
    const budgetMs = opts.quick ? null : BUDGET_MS;
    const defaults = cases.filter((c) => c.shards === DEFAULT_COUNTER_SHARDS);
    const worstCold = Math.max(...defaults.map((c) => c.medianMs));
    const worstRepeat = Math.max(...defaults.map((c) => c.repeat?.medianMs ?? Number.POSITIVE_INFINITY));
    return {
      cases,
      budgetMs,
      withinBudget:
        budgetMs === null ? null : { cold: worstCold <= budgetMs, repeat: worstRepeat <= budgetMs },
      table: formatTable(cases),
      national,
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await dynamo?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";
  console.log(
    `Scan-rate report benchmark${quick ? " (quick)" : ""}: national report, groupBy=facility, DynamoDB Local in memory,`,
  );
  console.log(`${WARM_UP_RUNS} untimed warm-up runs per case.`);
  console.log(
    "Check-ins are loaded as their daily counter items with the bulk loader (the seeding tally loader): writing",
  );
  console.log(
    "1,000,000 check-ins one by one through the check-in transaction (~300 a second here) would take about an hour.",
  );
  const result = await runReportBench({ quick });
  console.log("");
  console.log(result.table);
  console.log("");
  console.log(formatFigureRows(nationalRows(result, quick)));
  console.log("");
  console.log(
    "Items read are bounded by facilities × days (one counter item per facility-day with check-ins) and read",
  );
  console.log("capacity by queries (days × shards): neither grows with the number of check-ins.");
  if (result.budgetMs !== null && result.withinBudget !== null) {
    const verdict = (met: boolean) => (met ? "met" : "MISSED");
    console.log(
      `Budget ${result.budgetMs} ms for 500 facilities × 30 days: reading every day ${verdict(result.withinBudget.cold)}, repeat reports ${verdict(result.withinBudget.repeat)}.`,
    );
  }
  // Latency on a shared machine says as much about the neighbours as about the report.
  console.log(
    `Load average while running: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" ")} on ${cpus().length} CPUs.`,
  );
  process.exit(0);
}
