/**
 * `npm run soak`: the faults-under-load scenario at a larger scale (5,000 check-ins by default).
 * Options: --checkins N --concurrency N --facilities N --db-signal SIGTERM|SIGKILL.
 * Exits 1 when anything was lost, counted twice, left pending or answered 5xx without Retry-After.
 */
import { parseArgs } from "node:util";
import { formatReport, runFaultsUnderLoad } from "#test/support/soak/faults-under-load";

const { values } = parseArgs({
  options: {
    checkins: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "16" },
    facilities: { type: "string", default: "24" },
    "db-signal": { type: "string", default: "SIGTERM" },
  },
  strict: true,
});
const dbSignal = values["db-signal"] === "SIGKILL" ? "SIGKILL" : "SIGTERM";
const report = await runFaultsUnderLoad({
  checkins: Number(values.checkins),
  concurrency: Number(values.concurrency),
  facilities: Number(values.facilities),
  seed: Number(values.checkins) > 290 ? "full" : "small",
  rescanEvery: 20,
  dbSignal,
  log: (line) => console.log(line),
});
console.log(formatReport(report));
for (const line of report.unexpected.slice(0, 10)) console.log(`unexpected: ${line}`);
for (const line of report.counterMismatches.slice(0, 10)) console.log(`counter ≠ log: ${line}`);
const failed =
  report.lost +
    report.doubleCounted +
    report.unacknowledgedStored +
    report.replayMismatches +
    report.rescanMismatches +
    report.queueNumberReuses +
    report.counterMismatches.length +
    report.pendingAfterRecheck +
    report.fiveXxWithoutRetryAfter +
    report.gaveUp +
    report.unexpected.length >
  0;
console.log(failed ? "soak: FAILED" : "soak: passed (0 lost, 0 double-counted)");
process.exit(failed ? 1 : 0);
