/**
 * `npm run bench`: every benchmark of the project in one run and one table, each figure beside a
 * baseline measured in the same run, its budget and whether it was met. Sections run one after
 * another (never side by side: they would measure each other), and every process a section starts
 * is stopped by it. Benchmarks print figures; they never fail on speed.
 *
 *   npm run bench [-- --quick] [-- --json <file>] [-- --only scan,checkin,xml0,report,peak,lambda,cost]
 */
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type CheckinBenchResult, checkinNotes, checkinRows, runCheckinBench } from "./checkin-throughput.ts";
import { type LambdaBenchResult, lambdaRows, runLambdaBench } from "./lambda-bench.ts";
import { type PeakResult, peakRows, runPeakBench } from "./peak-bench.ts";
import { nationalRows, type ReportBenchResult, runReportBench } from "./report-bench.ts";
import { runScanBench, type ScanBenchResult } from "./scan-bench.ts";
import { type CostFigures, runCostModel } from "./support/cost-figures.ts";
import { type FigureRow, formatTable, row } from "./support/figures.ts";
import { formatLoad, type MachineFacts, machineFacts } from "./support/machine.ts";
import { costRows, reportRows, scanRows } from "./support/section-rows.ts";
import { runXml0Bench, type Xml0BenchResult, xml0Rows } from "./xml0-bench.ts";

export const SECTIONS = ["scan", "checkin", "xml0", "report", "peak", "lambda", "cost"] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchResult {
  readonly quick: boolean;
  readonly command: string;
  readonly machine: { readonly before: MachineFacts; readonly after: MachineFacts };
  readonly seconds: number;
  readonly sectionSeconds: Partial<Record<Section, number>>;
  readonly rows: FigureRow[];
  /** Sections that threw, with the message; their rows say "error". */
  readonly errors: Partial<Record<Section, string>>;
  readonly results: {
    scan?: ScanBenchResult;
    checkin?: CheckinBenchResult;
    xml0?: Xml0BenchResult;
    report?: Omit<ReportBenchResult, "table">;
    peak?: PeakResult;
    lambda?: LambdaBenchResult;
    cost?: CostFigures | null;
  };
}

/** Runs the chosen sections in order and gathers their rows. */
export async function runBench(opts: {
  quick: boolean;
  only?: readonly Section[];
  log?: (line: string) => void;
}): Promise<BenchResult> {
  const log = opts.log ?? (() => undefined);
  // DynamoDB Local takes any credentials; the SDK still wants some.
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";
  const chosen = SECTIONS.filter((s) => opts.only === undefined || opts.only.includes(s));
  const before = machineFacts();
  const started = performance.now();
  const rows: FigureRow[] = [];
  const errors: BenchResult["errors"] = {};
  const sectionSeconds: BenchResult["sectionSeconds"] = {};
  const results: BenchResult["results"] = {};
  const quick = opts.quick;
  const jobs: Record<Section, () => Promise<FigureRow[]>> = {
    scan: async () => {
      results.scan = await runScanBench({ quick });
      return scanRows(results.scan);
    },
    checkin: async () => {
      results.checkin = await runCheckinBench({ quick, log });
      return checkinRows(results.checkin);
    },
    xml0: async () => {
      results.xml0 = await runXml0Bench({ quick, log });
      return xml0Rows(results.xml0);
    },
    report: async () => {
      const { table: _table, ...report } = await runReportBench({ quick, log });
      results.report = report;
      return [...reportRows({ ...report, table: "" }, quick), ...nationalRows(report, quick)];
    },
    peak: async () => {
      results.peak = await runPeakBench({ quick, log });
      return peakRows(results.peak);
    },
    lambda: async () => {
      results.lambda = await runLambdaBench({ quick, log });
      return lambdaRows(results.lambda);
    },
    cost: async () => {
      results.cost = await runCostModel(quick ? 20 : 300);
      const large = results.report?.cases.filter((c) => c.label === "default layout").at(-1);
      return costRows(
        results.cost,
        results.checkin?.capacity.fresh ?? null,
        large === undefined
          ? null
          : {
              capacityUnits: large.capacityUnits,
              label: `${large.facilities} facilities × ${large.days} days, every day read`,
            },
      );
    },
  };
  for (const section of chosen) {
    const sectionStart = performance.now();
    log(`${section}…`);
    try {
      rows.push(...(await jobs[section]()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors[section] = message;
      rows.push(row(section, "error", message.split("\n")[0] ?? "", {}, { verdict: "MISSED" }));
    }
    sectionSeconds[section] = (performance.now() - sectionStart) / 1000;
    log(`${section} done in ${sectionSeconds[section]?.toFixed(0)} s`);
  }
  return {
    quick,
    command: `npm run bench${quick ? " -- --quick" : ""}`,
    machine: { before, after: machineFacts() },
    seconds: (performance.now() - started) / 1000,
    sectionSeconds,
    rows,
    errors,
    results,
  };
}

/** The whole run as printed: the machine, the one table, and how the figures were taken. */
export function formatBench(result: BenchResult): string {
  const { before, after } = result.machine;
  const missed = result.rows.filter((r) => r.verdict === "MISSED").length;
  const budgets = result.rows.filter((r) => r.verdict !== null).length;
  const setup = result.results.checkin?.setup;
  return [
    `tiepdon benchmarks (${result.command}) on ${before.nproc} × ${before.cpuModel}, Node ${before.node}`,
    `load average ${formatLoad(before.loadAverage)} before, ${formatLoad(after.loadAverage)} after; ${result.seconds.toFixed(0)} s (${Object.entries(
      result.sectionSeconds,
    )
      .map(([s, t]) => `${s} ${t?.toFixed(0)} s`)
      .join(", ")})`,
    "",
    formatTable(result.rows),
    "",
    `${budgets - missed} of ${budgets} budgets met${missed > 0 ? `, ${missed} MISSED` : ""}. Figures are medians; ratios compare runs taken side by side.`,
    ...(setup === undefined ? [] : [`check-in API: ${setup}.`]),
    ...(result.results.checkin === undefined ? [] : checkinNotes(result.results.checkin)),
    "Latency on a shared 2-core machine says as much about the neighbours as about the code: compare each figure with its baseline.",
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && jsonFile === undefined) throw new Error("--json needs a file name");
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",") : undefined;
  const unknown = only?.filter((s) => !SECTIONS.some((known) => known === s)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  const result = await runBench({
    quick,
    ...(only === undefined ? {} : { only: SECTIONS.filter((s) => only.includes(s)) }),
    log: (line) => process.stderr.write(`  … ${line}\n`),
  });
  console.log(formatBench(result));
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  // Every section stops what it started; exit anyway so a stray handle cannot keep the run open.
  process.exit(0);
}
