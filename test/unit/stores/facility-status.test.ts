import { describe, expect, it } from "vitest";
import { FACILITY_STATUS_MAX_AGE_MS, makeFacilityStatus } from "#functions/stores/facility-status";

describe("the facility status a container keeps", () => {
  it("takes a deactivation into account once its last read is older than the bound", async () => {
    let active: boolean | null = true;
    let reads = 0;
    let clock = 0;
    const status = makeFacilityStatus(
      {
        async isFacilityActive() {
          reads += 1;
          return active;
        },
      },
      { now: () => clock },
    );
    await status.ensureActive("01001");
    active = false;
    clock = FACILITY_STATUS_MAX_AGE_MS - 1;
    await status.ensureActive("01001");
    expect(reads).toBe(1);
    clock = FACILITY_STATUS_MAX_AGE_MS;
    await expect(status.ensureActive("01001")).rejects.toMatchObject({ code: "FACILITY_INACTIVE" });
    expect(reads).toBe(2);
  });

  it("lets a facility through when the table cannot be read and nothing was read before", async () => {
    const status = makeFacilityStatus({
      async isFacilityActive() {
        throw new Error("table unavailable");
      },
    });
    await expect(status.ensureActive("01001")).resolves.toBeUndefined();
  });

  it("keeps a known deactivation when a later read fails", async () => {
    let fail = false;
    let clock = 0;
    const status = makeFacilityStatus(
      {
        async isFacilityActive() {
          if (fail) throw new Error("table unavailable");
          return false;
        },
      },
      { now: () => clock },
    );
    await expect(status.ensureActive("01950")).rejects.toMatchObject({ code: "FACILITY_INACTIVE" });
    fail = true;
    clock = 10 * FACILITY_STATUS_MAX_AGE_MS;
    await expect(status.ensureActive("01950")).rejects.toMatchObject({ code: "FACILITY_INACTIVE" });
  });
});
