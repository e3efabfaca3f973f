import { describe, expect, it } from "vitest";
import { formatReport, runFaultsUnderLoad } from "#test/support/soak/faults-under-load";

describe("check-ins under load while the gateway flaps, the database and the app are killed", () => {
  it("loses nothing, counts nothing twice, leaves nothing pending and never answers 5xx without Retry-After", {
    timeout: 240_000,
  }, async () => {
    const report = await runFaultsUnderLoad({
      checkins: 300,
      concurrency: 16,
      facilities: 6,
      seed: "small",
      rescanEvery: 20,
      // SIGTERM: DynamoDB Local acknowledges writes before they are on disk, so SIGKILL would test the emulator.
      dbSignal: "SIGTERM",
      log: (line) => console.log(line),
    });
    console.log(formatReport(report));
    expect(report.unexpected).toEqual([]);
    expect(report.gaveUp).toBe(0);
    expect(report.acknowledged).toBe(report.checkins);
    expect(report.lost).toBe(0);
    expect(report.doubleCounted).toBe(0);
    expect(report.unacknowledgedStored).toBe(0);
    expect(report.replayMismatches).toBe(0);
    expect(report.rescanMismatches).toBe(0);
    expect(report.queueNumberReuses).toBe(0);
    expect(report.counterMismatches).toEqual([]);
    expect(report.pendingAfterRecheck).toBe(0);
    expect(report.fiveXxWithoutRetryAfter).toBe(0);
    // The faults really happened: the clients met the outages and the gateway left visits pending.
    const seen = Object.keys(report.errorsByKind).join(" ");
    expect(seen).toMatch(/503/);
    expect(seen).toMatch(/network/);
    expect(report.pendingAfterLoad).toBeGreaterThan(0);
    expect(report.recovery.dbRestartToFirst2xxMs).toBeLessThan(30_000);
    expect(report.recovery.appRestartToFirst2xxMs).toBeLessThan(30_000);
  });
});
